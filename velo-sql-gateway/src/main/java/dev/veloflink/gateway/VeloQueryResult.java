package dev.veloflink.gateway;

import dev.veloflink.session.ChangeRow;
import dev.veloflink.session.RowCursor;
import dev.veloflink.session.StatementResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.internal.ResultProvider;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.utils.print.RowDataToStringConverter;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A velo query's changelog in the shape Flink's gateway streams to clients: the {@link ResultProvider} of a
 * {@link TableResultImpl}, which is what the gateway's {@code ResultFetcher} reads a Flink SQL query from. Rows are
 * text cells with their RowKind. Closing the iterator, which the gateway does when the client cancels or closes the
 * operation, cancels the query's job.
 */
final class VeloQueryResult implements ResultProvider {
    private final RowCursor cursor;

    private VeloQueryResult(RowCursor cursor) {
        this.cursor = cursor;
    }

    static TableResultInternal of(StatementResult.Query query) {
        return TableResultImpl.builder().jobClient(query.cursor().jobClient())
                .schema(VeloSqlGatewayService.textSchema(query.columns())).resultKind(ResultKind.SUCCESS_WITH_CONTENT)
                .resultProvider(new VeloQueryResult(query.cursor())).build();
    }

    @Override
    public ResultProvider setJobClient(JobClient jobClient) {
        return this;
    }

    @Override
    public CloseableIterator<RowData> toInternalIterator() {
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public RowData next() {
                ChangeRow change = cursor.next();
                GenericRowData row = VeloSqlGatewayService.textRow(change.values());
                row.setRowKind(change.kind());
                return row;
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    @Override
    public CloseableIterator<Row> toExternalIterator() {
        throw new UnsupportedOperationException("the gateway reads the internal iterator");
    }

    @Override
    public RowDataToStringConverter getRowDataStringConverter() {
        return row -> {
            String[] cells = new String[row.getArity()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = row.isNullAt(i) ? "NULL" : row.getString(i).toString();
            }
            return cells;
        };
    }

    @Override
    public boolean isFirstRowReady() {
        return true;
    }
}

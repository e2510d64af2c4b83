package dev.veloflink.gateway;

import dev.veloflink.session.ChangeRow;
import dev.veloflink.session.RowCursor;
import dev.veloflink.session.StatementResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.internal.ResultProvider;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.utils.print.RowDataToStringConverter;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.List;

/**
 * A velo query's changelog in the shape Flink's gateway streams to clients: the {@link ResultProvider} of a
 * {@link TableResultImpl}, which is what the gateway's {@code ResultFetcher} reads a Flink SQL query from. Rows are
 * typed ({@link FlinkTypes}: the query's velo types as Flink SQL types) with their RowKind. Closing the iterator, which the gateway does when the client cancels or closes the
 * operation, cancels the query's job.
 */
final class VeloQueryResult implements ResultProvider {
    private final StatementResult.Query query;
    private final RowCursor cursor;
    private final List<LogicalType> types;

    private VeloQueryResult(StatementResult.Query query, ResolvedSchema schema) {
        this.query = query;
        this.cursor = query.cursor();
        this.types = schema.getColumnDataTypes().stream().map(DataType::getLogicalType).toList();
    }

    static TableResultInternal of(StatementResult.Query query) {
        ResolvedSchema schema = FlinkTypes.schema(query.schema());
        return TableResultImpl.builder().jobClient(query.cursor().jobClient())
                .schema(schema).resultKind(ResultKind.SUCCESS_WITH_CONTENT)
                .resultProvider(new VeloQueryResult(query, schema)).build();
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
                GenericRowData row = FlinkTypes.row(query.schema(), change.cells());
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
        return row -> FlinkTypes.text(row, types);
    }

    @Override
    public boolean isFirstRowReady() {
        return true;
    }
}

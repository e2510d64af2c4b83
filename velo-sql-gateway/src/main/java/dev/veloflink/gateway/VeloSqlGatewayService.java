package dev.veloflink.gateway;

import dev.veloflink.session.Completions;
import dev.veloflink.session.StatementError;
import dev.veloflink.session.StatementResult;
import dev.veloflink.session.VeloEngine;
import dev.veloflink.session.VeloSession;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.gateway.api.SqlGatewayService;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;
import org.apache.flink.table.gateway.service.result.ResultFetcher;
import org.apache.flink.table.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL Gateway service behind the velo endpoint. Flink's own service keeps doing what the protocol needs around
 * statements (sessions, their configuration, heartbeats, operations with their asynchronous execution, paging,
 * cancellation and closing); only executing a statement changes: the statement is Velo SQL, run by a
 * {@link VeloSession} (one per gateway session), and its result is handed to Flink's operation machinery as a
 * {@link ResultFetcher}, a query's rows as a changelog stream. {@code SET}/{@code RESET} go to both: the velo session
 * keeps its properties, and Flink's session keeps the client's own options (result mode and the like), which the
 * client reads back from the session configuration.
 *
 * <p>Why a facade over the service rather than a translation of statements: Velo SQL plans onto velo's own operators,
 * not onto Flink SQL, so there is no Flink statement to translate into.
 */
final class VeloSqlGatewayService implements SqlGatewayService {
    private final SqlGatewayServiceImpl stock;
    private final VeloEngine engine;
    private final Map<SessionHandle, VeloSession> sessions = new ConcurrentHashMap<>();

    VeloSqlGatewayService(SqlGatewayServiceImpl stock, VeloEngine engine) {
        this.stock = stock;
        this.engine = engine;
    }

    private boolean known(SessionHandle handle) {
        try {
            stock.getSession(handle);
            return true;
        } catch (SqlGatewayException unknown) {
            return false;
        }
    }

    private VeloSession session(SessionHandle handle) {
        return sessions.computeIfAbsent(handle, h -> engine.openSession());
    }

    @Override
    public OperationHandle executeStatement(SessionHandle handle, String statement, long timeoutMs,
                                            Configuration executionConfig) throws SqlGatewayException {
        if (!known(handle)) {
            throw new SqlGatewayException("this gateway does not know session " + handle + ": sessions do not "
                    + "survive a restart of the gateway. Quit the client (QUIT;) and start it again for a new session.");
        }
        VeloSession session = session(handle);
        String word = statement.strip().split("\\s", 2)[0].replace(";", "").toUpperCase(Locale.ROOT);
        if (word.equals("SET") || word.equals("RESET")) {
            try {
                session.execute(statement);
            } catch (StatementError e) {
                return failed(handle, e);
            }
            return stock.executeStatement(handle, statement, timeoutMs, executionConfig);
        }
        return stock.getSession(handle).getOperationManager().submitOperation(operation -> {
            try {
                return fetcher(operation, session.execute(statement));
            } catch (StatementError e) {
                throw new VeloStatementException(e);
            }
        });
    }

    private OperationHandle failed(SessionHandle handle, StatementError error) {
        return stock.getSession(handle).getOperationManager().submitOperation(operation -> {
            throw new VeloStatementException(error);
        });
    }

    static ResultFetcher fetcher(OperationHandle operation, StatementResult result) {
        if (result instanceof StatementResult.Table table) {
            List<RowData> rows = new ArrayList<>();
            for (List<String> row : table.rows()) {
                rows.add(textRow(row));
            }
            return ResultFetcher.fromResults(operation, textSchema(table.columns()), rows, null,
                    ResultKind.SUCCESS_WITH_CONTENT);
        }
        if (result instanceof StatementResult.JobStarted started) {
            return ResultFetcher.fromResults(operation, textSchema(List.of("job id")),
                    List.of(textRow(List.of(started.jobId()))), JobID.fromHexString(started.jobId()),
                    ResultKind.SUCCESS_WITH_CONTENT);
        }
        if (result instanceof StatementResult.Query query) {
            return ResultFetcher.fromTableResult(operation, VeloQueryResult.of(query), true);
        }
        throw new IllegalStateException("a result kind the gateway cannot send: " + result);
    }

    /** Cells cross the gateway in velo's text forms (SPEC §7.5), so the client shows exactly what velo prints. */
    static ResolvedSchema textSchema(List<String> columns) {
        List<DataType> types = columns.stream().map(c -> DataTypes.STRING()).toList();
        return ResolvedSchema.physical(columns, types);
    }

    static GenericRowData textRow(List<String> cells) {
        GenericRowData row = new GenericRowData(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            row.setField(i, cells.get(i) == null ? null : StringData.fromString(cells.get(i)));
        }
        return row;
    }

    @Override
    public void closeSession(SessionHandle handle) throws SqlGatewayException {
        sessions.remove(handle);
        if (known(handle)) {
            stock.closeSession(handle); // one this gateway does not know (it restarted) is closed already
        }
    }

    @Override
    public List<String> completeStatement(SessionHandle handle, String statement, int position) {
        return Completions.candidates(statement, position, session(handle).completionNames());
    }

    // ---- everything else is Flink's own service --------------------------------------------------------------

    @Override
    public org.apache.flink.table.gateway.api.session.SessionHandle openSession(org.apache.flink.table.gateway.api.session.SessionEnvironment a0) {
        return stock.openSession(a0);
    }

    @Override
    public void configureSession(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.lang.String a1, long a2) {
        stock.configureSession(a0, a1, a2);
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.String> getSessionConfig(org.apache.flink.table.gateway.api.session.SessionHandle a0) {
        // The stock client asks for its session's configuration while it reads every line and before it prints an
        // error, and stops ("This is a bug") when that fails. A session this gateway does not know (it restarted)
        // has no configuration: the defaults let the client read on, send the statement and print the clear
        // message executeStatement answers.
        return known(a0) ? stock.getSessionConfig(a0) : Map.of();
    }

    @Override
    public org.apache.flink.table.gateway.api.endpoint.EndpointVersion getSessionEndpointVersion(org.apache.flink.table.gateway.api.session.SessionHandle a0) {
        return stock.getSessionEndpointVersion(a0);
    }

    @Override
    public org.apache.flink.table.gateway.api.operation.OperationHandle submitOperation(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.util.concurrent.Callable<org.apache.flink.table.gateway.api.results.ResultSet> a1) {
        return stock.submitOperation(a0, a1);
    }

    @Override
    public void cancelOperation(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1) {
        stock.cancelOperation(a0, a1);
    }

    @Override
    public void closeOperation(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1) {
        stock.closeOperation(a0, a1);
    }

    @Override
    public org.apache.flink.table.gateway.api.results.OperationInfo getOperationInfo(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1) {
        return stock.getOperationInfo(a0, a1);
    }

    @Override
    public org.apache.flink.table.catalog.ResolvedSchema getOperationResultSchema(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1) {
        return stock.getOperationResultSchema(a0, a1);
    }

    @Override
    public org.apache.flink.table.gateway.api.results.ResultSet fetchResults(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1, long a2, int a3) {
        return stock.fetchResults(a0, a1, a2, a3);
    }

    @Override
    public org.apache.flink.table.gateway.api.results.ResultSet fetchResults(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.gateway.api.operation.OperationHandle a1, org.apache.flink.table.gateway.api.results.FetchOrientation a2, int a3) {
        return stock.fetchResults(a0, a1, a2, a3);
    }

    @Override
    public java.lang.String getCurrentCatalog(org.apache.flink.table.gateway.api.session.SessionHandle a0) {
        return stock.getCurrentCatalog(a0);
    }

    @Override
    public java.util.Set<java.lang.String> listCatalogs(org.apache.flink.table.gateway.api.session.SessionHandle a0) {
        return stock.listCatalogs(a0);
    }

    @Override
    public java.util.Set<java.lang.String> listDatabases(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.lang.String a1) {
        return stock.listDatabases(a0, a1);
    }

    @Override
    public java.util.Set<org.apache.flink.table.gateway.api.results.TableInfo> listTables(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.lang.String a1, java.lang.String a2, java.util.Set<org.apache.flink.table.catalog.CatalogBaseTable.TableKind> a3) {
        return stock.listTables(a0, a1, a2, a3);
    }

    @Override
    public org.apache.flink.table.catalog.ResolvedCatalogBaseTable<?> getTable(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.catalog.ObjectIdentifier a1) {
        return stock.getTable(a0, a1);
    }

    @Override
    public java.util.Set<org.apache.flink.table.gateway.api.results.FunctionInfo> listUserDefinedFunctions(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.lang.String a1, java.lang.String a2) {
        return stock.listUserDefinedFunctions(a0, a1, a2);
    }

    @Override
    public java.util.Set<org.apache.flink.table.gateway.api.results.FunctionInfo> listSystemFunctions(org.apache.flink.table.gateway.api.session.SessionHandle a0) {
        return stock.listSystemFunctions(a0);
    }

    @Override
    public org.apache.flink.table.functions.FunctionDefinition getFunctionDefinition(org.apache.flink.table.gateway.api.session.SessionHandle a0, org.apache.flink.table.catalog.UnresolvedIdentifier a1) {
        return stock.getFunctionDefinition(a0, a1);
    }

    @Override
    public org.apache.flink.table.gateway.api.results.GatewayInfo getGatewayInfo() {
        return stock.getGatewayInfo();
    }

    @Override
    public org.apache.flink.table.gateway.api.operation.OperationHandle refreshMaterializedTable(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.lang.String a1, boolean a2, java.lang.String a3, java.util.Map<java.lang.String, java.lang.String> a4, java.util.Map<java.lang.String, java.lang.String> a5, java.util.Map<java.lang.String, java.lang.String> a6) {
        return stock.refreshMaterializedTable(a0, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public <ClusterID> ClusterID deployScript(org.apache.flink.table.gateway.api.session.SessionHandle a0, java.net.URI a1, java.lang.String a2, org.apache.flink.configuration.Configuration a3) {
        return stock.deployScript(a0, a1, a2, a3);
    }
}

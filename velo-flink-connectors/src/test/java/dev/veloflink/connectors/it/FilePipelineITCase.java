package dev.veloflink.connectors.it;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.FileSchemaInference;
import dev.veloflink.connectors.file.FileSinkOptions;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.file.InferredSchema;
import dev.veloflink.connectors.file.VeloFileSink;
import dev.veloflink.connectors.file.VeloFileSource;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.FilterFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** source -> decoder -> sink on a real MiniCluster, with real files. */
class FilePipelineITCase {
    static final Path EXAMPLES = Path.of("../examples/spec").toAbsolutePath().normalize();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Reads, decodes, keeps the schema columns of the rows passing the filter, and writes them. */
    private static SingleOutputStreamOperator<Row> pipeline(StreamExecutionEnvironment env, FileSourceOptions source,
            DecoderSpec decoder, FilterFunction<Row> filter, FileSinkOptions sink) {
        Schema schema = decoder.schema();
        int[] columns = IntStream.range(0, schema.size()).toArray();
        SingleOutputStreamOperator<Row> decoded = env
                .fromSource(new VeloFileSource(source), WatermarkStrategy.noWatermarks(), source.name(),
                        RawRecord.typeInfo())
                .process(new RecordDecoder(decoder));
        @SuppressWarnings("unchecked")
        TypeInformation<Row> outType = (TypeInformation<Row>) (TypeInformation<?>) FlinkTypes.rowType(schema);
        VeloFileSink.write(decoded.filter(filter).map(row -> Row.project(row, columns)).returns(outType), sink,
                schema, sink.name());
        return decoded;
    }

    @Test
    void example01ThroughSourceDecoderAndSink() throws Exception {
        String input = EXAMPLES.resolve("01_orders.csv").toString();
        FileSourceOptions source = FileSourceOptions.of("orders", input, RecordFormat.CSV);
        InferredSchema inferred = FileSchemaInference.infer(source, 1000);
        DecoderSpec decoder = new DecoderSpec("large_orders_job", "orders", RecordFormat.CSV, ',', '"',
                inferred.schema(), ErrorStrategy.SKIP);
        Path all = dir.resolve("output/all_orders.csv");
        Path large = dir.resolve("output/large_orders.csv");

        StreamExecutionEnvironment env = env();
        pipeline(env, source, decoder, row -> true, FileSinkOptions.of("all", all.toString(),
                FileSinkOptions.Format.CSV));
        // The filter of examples/spec/01_large_orders.sql: amount >= 100.00 AND status <> 'CANCELLED'.
        pipeline(env, source, decoder, row -> ((BigDecimal) row.getField(2)).compareTo(new BigDecimal("100.00")) >= 0
                && !"CANCELLED".equals(row.getField(3)), FileSinkOptions.of("large", large.toString(),
                FileSinkOptions.Format.CSV));
        JobExecutionResult result = env.execute("example 01");

        assertThat(Files.readString(large)).isEqualTo(Files.readString(EXAMPLES.resolve("01_large_orders.expected.csv")));
        assertThat(Files.readString(all)).isEqualTo("""
                order_id,customer,amount,status,placed_at
                1001,alice,250.00,NEW,2024-05-01T09:00:00
                1002,bob,35.50,NEW,2024-05-01T09:01:30
                1003,carol,120.50,CANCELLED,2024-05-01T09:02:10
                1004,alice,99.99,NEW,2024-05-01T09:03:00
                1005,dave,100.00,NEW,2024-05-01T09:04:45
                1006,bob,480.25,SHIPPED,2024-05-01T09:05:00
                1007,erin,100.00,NEW,2024-05-01T09:06:15
                1008,carol,1200.75,NEW,2024-05-01T09:07:00
                1009,frank,-20.00,REFUND,2024-05-01T09:08:30
                1010,alice,100.01,NEW,2024-05-01T09:09:59
                """);
        // Two pipelines read the file, both under the same statement and source labels.
        assertThat(result.<Long>getAccumulatorResult(
                "velo_records_in_total{statement=\"large_orders_job\",source=\"orders\"}")).isEqualTo(20L);
        assertThat(result.<Long>getAccumulatorResult("velo_records_skipped_total{statement=\"large_orders_job\","
                + "source=\"orders\",reason=\"decode_error\"}")).isZero();
    }

    @Test
    void badRecordsAcrossGlobbedFilesAreCountedAndDeadLettered() throws Exception {
        Files.writeString(dir.resolve("in_b.csv"), "qty,id\n5,3\n\"x\",4\n");
        Files.writeString(dir.resolve("in_a.csv"), "id,qty\n1,10\n2\n,7\n");
        Schema schema = new Schema(List.of(new Column("id", Types.BIGINT, false, false),
                new Column("qty", Types.INTEGER)));
        FileSourceOptions source = FileSourceOptions.of("items", dir + "/in_*.csv", RecordFormat.CSV);
        DecoderSpec decoder = new DecoderSpec("s", "items", RecordFormat.CSV, ',', '"', schema,
                ErrorStrategy.DEAD_LETTER);
        Path out = dir.resolve("out/items.jsonl");
        Path dead = dir.resolve("out/dead.jsonl");

        StreamExecutionEnvironment env = env();
        SingleOutputStreamOperator<Row> decoded = pipeline(env, source, decoder, row -> true,
                FileSinkOptions.of("items_out", out.toString(), FileSinkOptions.Format.JSONL));
        Schema deadSchema = new Schema(List.of(new Column("line", Types.STRING)));
        @SuppressWarnings("unchecked")
        TypeInformation<Row> deadType = (TypeInformation<Row>) (TypeInformation<?>) FlinkTypes.rowType(deadSchema);
        VeloFileSink.write(decoded.getSideOutput(RecordDecoder.DEAD_LETTERS).map(Row::of).returns(deadType),
                new FileSinkOptions("dead", dead.toString(), FileSinkOptions.Format.CSV, false, '\t', false),
                deadSchema, "dead");
        JobExecutionResult result = env.execute("bad records");

        assertThat(Files.readString(out)).isEqualTo("{\"id\":1,\"qty\":10}\n{\"id\":3,\"qty\":5}\n");
        // The dead-letter file is CSV, so each JSON line is quoted with its quotes doubled.
        assertThat(Files.readAllLines(dead)).extracting(FilePipelineITCase::unquoteCsv).containsExactly(
                "{\"statement\":\"s\",\"source\":\"items\",\"position\":\"" + dir + "/in_a.csv:3\","
                        + "\"reason\":\"decode_error\",\"message\":\"the record has 1 field, the header 2\","
                        + "\"record\":\"2\"}",
                "{\"statement\":\"s\",\"source\":\"items\",\"position\":\"" + dir + "/in_a.csv:4\","
                        + "\"reason\":\"null_violation\",\"message\":\"column 'id' is NOT NULL but the value is NULL\","
                        + "\"record\":\",7\"}",
                "{\"statement\":\"s\",\"source\":\"items\",\"position\":\"" + dir + "/in_b.csv:3\","
                        + "\"reason\":\"type_error\",\"message\":\"'x' is not an INTEGER\",\"record\":\"\\\"x\\\",4\"}");
        String labels = "statement=\"s\",source=\"items\"";
        assertThat(result.<Long>getAccumulatorResult("velo_records_in_total{" + labels + "}")).isEqualTo(2L);
        for (String reason : List.of("decode_error", "type_error", "null_violation")) {
            assertThat(result.<Long>getAccumulatorResult("velo_records_skipped_total{" + labels + ",reason=\""
                    + reason + "\"}")).as(reason).isEqualTo(1L);
        }
    }

    private static String unquoteCsv(String field) {
        assertThat(field).startsWith("\"").endsWith("\"");
        return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }

    @Test
    void failStrategyFailsTheJobWithE503() throws Exception {
        Path input = dir.resolve("o.csv");
        Files.writeString(input, "id\n1\n4.7\n");
        Schema schema = new Schema(List.of(new Column("id", Types.INTEGER)));
        StreamExecutionEnvironment env = env();
        pipeline(env, FileSourceOptions.of("orders", input.toString(), RecordFormat.CSV),
                new DecoderSpec("s", "orders", RecordFormat.CSV, ',', '"', schema, ErrorStrategy.FAIL), row -> true,
                FileSinkOptions.of("o", dir.resolve("o_out.csv").toString(), FileSinkOptions.Format.CSV));
        assertThatThrownBy(() -> env.execute("fail")).satisfies(e -> assertThat(
                ExceptionUtils.findThrowableWithMessage(e, "E503")).hasValueSatisfying(cause -> assertThat(
                cause.getMessage()).isEqualTo("E503 bad record in statement 's', source 'orders' at " + input
                + ":3: type_error: '4.7' is not an INTEGER")));
    }

    @Test
    void missingInputFailsTheJobWithE402() {
        Schema schema = new Schema(List.of(new Column("id", Types.INTEGER)));
        StreamExecutionEnvironment env = env();
        pipeline(env, FileSourceOptions.of("orders", dir + "/none/*.csv", RecordFormat.CSV),
                new DecoderSpec("s", "orders", RecordFormat.CSV, ',', '"', schema, ErrorStrategy.SKIP), row -> true,
                FileSinkOptions.of("o", dir.resolve("x.csv").toString(), FileSinkOptions.Format.CSV));
        assertThatThrownBy(() -> env.execute("missing")).satisfies(e -> assertThat(
                ExceptionUtils.findThrowableWithMessage(e, "E402")).hasValueSatisfying(cause -> assertThat(
                cause.getMessage()).isEqualTo("E402 file_source 'orders': no file matches '" + dir
                + "/none/*.csv' after 0s")));
    }
}

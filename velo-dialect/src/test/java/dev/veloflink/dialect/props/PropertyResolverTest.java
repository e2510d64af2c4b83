package dev.veloflink.dialect.props;

import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PropertyResolverTest {
    @TempDir
    Path dir;

    private Statement statement(String sql) {
        var r = VeloParser.parse(dir.resolve("app.sql"), sql);
        assertThat(r.diagnostics()).isEmpty();
        return r.application().statements().get(0);
    }

    @Test
    void scopesKeysToRelationsAndKeepsStatementKeys() {
        Statement s = statement("CREATE STREAM out AS SELECT * FROM orders o JOIN customers c ON o.k = c.k"
                + " WITH ('orders.type' = 'file_source', 'ORDERS.Path' = './o.csv', 'out.type' = 'file_sink',"
                + " 'event.time.field' = 'ts', parallelism = 2, 'customers.event.time.field' = 'cts')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(s, Set.of("event.time.field"));
        assertThat(p.scoped("orders")).containsEntry("type", "file_source").containsEntry("path", "./o.csv")
                .containsEntry("event.time.field", "ts");
        assertThat(p.scoped("Customers")).containsEntry("event.time.field", "cts");
        assertThat(p.scoped("out")).containsEntry("type", "file_sink");
        assertThat(p.statementKeys()).containsOnly(Map.entry("event.time.field", "ts"),
                Map.entry("parallelism", "2"));
        PropertyValue path = p.entry("orders", "path").orElseThrow();
        assertThat(path.file()).isEqualTo(dir.resolve("app.sql"));
        assertThat(path.valueRange().startLine()).isEqualTo(1);
    }

    @Test
    void fromItemWithMergesAndConflictsAreE401() {
        Statement ok = statement("SELECT * FROM orders WITH ('orders.type' = 'file_source', format = 'csv')"
                + " WHERE a > 1 WITH ('orders.type' = 'file_source')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of(),
                (type, key) -> type.equals("file_source") && key.equals("format")).resolve(ok, Set.of());
        assertThat(p.scoped("orders")).containsEntry("format", "csv");
        Statement bad = statement("SELECT * FROM orders WITH ('orders.type' = 'file_source') WHERE a > 1"
                + " WITH ('orders.type' = 'kafka_source')");
        VeloSqlException e = catchThrowableOfType(() -> new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(bad, Set.of()), VeloSqlException.class);
        assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly("E401");
    }

    @Test
    void substitutesVariables() {
        Statement s = statement("SELECT * FROM t WITH ('t.path' = '${DATA}/x-${MISSING:def}-$${LITERAL}')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of("DATA", "/d"))
                .resolve(s, Set.of());
        assertThat(p.scoped("t")).containsEntry("path", "/d/x-def-${LITERAL}");
        Statement unset = statement("SELECT * FROM t WITH ('t.path' = '${NOPE}')");
        VeloSqlException e = catchThrowableOfType(() -> new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(unset, Set.of()), VeloSqlException.class);
        assertThat(e.diagnostics()).extracting(d -> d.code() + "@" + d.range().startColumn())
                .containsExactly("E403@34");
    }

    @Test
    void configFilesFlattenExtendAndYieldToWith() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/base.yaml"), """
                bootstrap:
                  servers: base:9092
                value:
                  format: json
                topic: base_topic
                """);
        Files.writeString(dir.resolve("conf/orders.yaml"), """
                extends: base.yaml
                topic: orders_topic
                password: ${PW:secret1}
                schema:
                  fields:
                    - {name: id, type: BIGINT, nullable: false, key: true}
                    - {name: amount, type: 'DECIMAL(10,2)'}
                """);
        Statement s = statement("SELECT * FROM orders WITH ('orders.config_file' = 'conf/orders.yaml',"
                + " 'orders.value.format' = 'avro', 'event.time.field' = 'ts')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(s, Set.of("event.time.field", "value.format"));
        assertThat(p.scoped("orders")).containsEntry("bootstrap.servers", "base:9092")
                .containsEntry("topic", "orders_topic").containsEntry("value.format", "avro")
                .containsEntry("event.time.field", "ts").containsEntry("password", "secret1")
                .doesNotContainKey("extends");
        assertThat(p.schemaFields("orders").orElseThrow()).extracting(c -> c.name() + ":" + c.type().sqlName() + ":"
                + c.nullable() + ":" + c.key()).containsExactly("id:BIGINT:false:true", "amount:DECIMAL(10,2):true:false");
        PropertyValue topic = p.entry("orders", "topic").orElseThrow();
        assertThat(topic.origin()).isEqualTo(PropertyValue.Origin.CONFIG_FILE);
        assertThat(topic.file().getFileName().toString()).isEqualTo("orders.yaml");
        assertThat(topic.keyRange().startLine()).isEqualTo(2);
        assertThat(p.entry("orders", "password").orElseThrow().printable()).isEqualTo("****");
    }

    /** SPEC §5.3: a config file in the original engine's layout means the plain keys, by the side it is bound on. */
    @Test
    void originalEngineConfigFilesMapOntoPlainKeys() throws IOException {
        Files.writeString(dir.resolve("common.yaml"), """
                datasource:
                  type: kafka
                  consumer_config:
                    bootstrap.servers: broker:9092
                    auto.offset.reset: earliest
                    max.poll.records: 500
                  event_time_config:
                    timestamp_field: event_ts
                    allowed_lateness_ms: 1500
                performance_profile: high
                metadata:
                  owner: team-a
                """);
        Files.writeString(dir.resolve("trades.yaml"), """
                extends: common.yaml
                topic:
                  name: market_trades
                consumer.group: trade-readers
                schema:
                  value.serializer: avro
                  key.format: string
                  fields:
                    - {name: symbol, type: string}
                    - {name: qty, type: integer}
                    - {name: px, type: decimal, precision: 12, scale: 4}
                    - {name: ratio, type: float}
                    - {name: at, type: timestamp}
                    - {name: n, type: INTEGER}
                """);
        Files.writeString(dir.resolve("sink.yaml"), """
                datasink:
                  type: kafka
                  producer_config:
                    bootstrap.servers: out:9092
                    acks: all
                  topic.name: plain_wins_not
                topic: plain_topic
                table:
                  primary_key: symbol
                """);
        Statement s = statement("CREATE STREAM out_s AS SELECT * FROM trades WITH ("
                + "'trades.config_file' = 'trades.yaml', 'out_s.config_file' = 'sink.yaml')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of()).resolve(s, Set.of());
        assertThat(p.scoped("trades")).containsEntry("type", "kafka_source")
                .containsEntry("bootstrap.servers", "broker:9092").containsEntry("auto.offset.reset", "earliest")
                .containsEntry("kafka.max.poll.records", "500").containsEntry("topic", "market_trades")
                .containsEntry("group.id", "trade-readers").containsEntry("format", "avro")
                .containsEntry("event.time.field", "event_ts")
                .containsEntry("late.data.allowed_lateness", "1500ms")
                .doesNotContainKeys("performance_profile", "metadata.owner", "schema.key.format", "key.format");
        assertThat(p.ignoredConfigKeys("trades")).containsExactlyInAnyOrder("performance_profile",
                "metadata.owner");
        assertThat(p.schemaFields("trades").orElseThrow()).extracting(c -> c.name() + ":" + c.type().sqlName())
                .containsExactly("symbol:STRING", "qty:BIGINT", "px:DECIMAL(12,4)", "ratio:DOUBLE",
                        "at:TIMESTAMP(3)", "n:INTEGER");
        // The same "kafka" on the sink side is a kafka_sink; a key set both ways takes the plain form.
        assertThat(p.scoped("out_s")).containsEntry("type", "kafka_sink")
                .containsEntry("bootstrap.servers", "out:9092").containsEntry("kafka.acks", "all")
                .containsEntry("topic", "plain_topic").containsEntry("key.fields", "symbol");
        assertThat(p.ignoredConfigKeys("out_s")).isEmpty();
    }

    /** SPEC §5.3: paths inside a config file are relative to that YAML file (a parent's to the parent). */
    @Test
    void pathsInConfigFilesAreRelativeToTheirFile() throws IOException {
        Files.createDirectories(dir.resolve("conf/base"));
        Files.writeString(dir.resolve("conf/base/common.yaml"), "avro.schema.file: schemas/t.avsc\n");
        Files.writeString(dir.resolve("conf/t.yaml"), """
                extends: base/common.yaml
                data_source:
                  type: file
                  path: ../data/t.csv
                """);
        Files.writeString(dir.resolve("conf/abs.yaml"), "path: /srv/data/a.csv\n");
        Statement s = statement("SELECT * FROM t JOIN a ON t.id = a.id WITH ('t.config_file' = 'conf/t.yaml',"
                + " 'a.config_file' = 'conf/abs.yaml')");
        ResolvedProperties p = new PropertyResolver(dir.resolve("app.sql"), Map.of()).resolve(s, Set.of());
        assertThat(p.scoped("t")).containsEntry("path", dir.resolve("data/t.csv").toAbsolutePath().toString())
                .containsEntry("avro.schema.file", dir.resolve("conf/base/schemas/t.avsc").toAbsolutePath()
                        .toString());
        assertThat(p.scoped("a")).containsEntry("path", "/srv/data/a.csv");
    }

    @Test
    void missingCyclicAndInvalidConfigFilesAreE403() throws IOException {
        Statement missing = statement("SELECT * FROM t WITH ('t.config_file' = 'nope.yaml')");
        VeloSqlException e1 = catchThrowableOfType(() -> new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(missing, Set.of()), VeloSqlException.class);
        assertThat(e1.diagnostics()).extracting(d -> d.code() + "@" + d.range().startColumn())
                .containsExactly("E403@41");

        Files.writeString(dir.resolve("a.yaml"), "extends: b.yaml\nx: 1\n");
        Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\ny: 2\n");
        Statement cycle = statement("SELECT * FROM t WITH ('t.config_file' = 'a.yaml')");
        VeloSqlException e2 = catchThrowableOfType(() -> new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(cycle, Set.of()), VeloSqlException.class);
        assertThat(e2.diagnostics().get(0).code()).isEqualTo("E403");
        assertThat(e2.diagnostics().get(0).message()).contains("a.yaml -> b.yaml -> a.yaml");

        Files.writeString(dir.resolve("bad.yaml"), "a: 1\nb: [unclosed\nc: 3\n");
        Statement invalid = statement("SELECT * FROM t WITH ('t.config_file' = 'bad.yaml')");
        VeloSqlException e3 = catchThrowableOfType(() -> new PropertyResolver(dir.resolve("app.sql"), Map.of())
                .resolve(invalid, Set.of()), VeloSqlException.class);
        Diagnostic d = e3.diagnostics().get(0);
        assertThat(d.code()).isEqualTo("E403");
        assertThat(d.file().getFileName().toString()).isEqualTo("bad.yaml");
        assertThat(d.range().startLine()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void masksSecrets() {
        assertThat(PropertyResolver.mask("password", "x")).isEqualTo("****");
        assertThat(PropertyResolver.mask("db.password", "x")).isEqualTo("****");
        assertThat(PropertyResolver.mask("client.secret", "x")).isEqualTo("****");
        assertThat(PropertyResolver.mask("kafka.sasl.jaas.config", "x")).isEqualTo("****");
        assertThat(PropertyResolver.mask("path", "x")).isEqualTo("x");
        assertThat(PropertyResolver.mask("kafka.access.token", "x")).isEqualTo("****");
    }

    @Test
    void masksCredentialsInsideUrls() {
        assertThat(PropertyResolver.mask("url", "jdbc:postgresql://velo:s3cret@db:5432/shop?ssl=true"))
                .isEqualTo("jdbc:postgresql://velo:****@db:5432/shop?ssl=true");
        assertThat(PropertyResolver.mask("url", "jdbc:derby:/data/db;user=app;password=s3cret;create=true"))
                .isEqualTo("jdbc:derby:/data/db;user=app;password=****;create=true");
        assertThat(PropertyResolver.maskCredentials("at jdbc:postgresql://db/shop?user=a&password=s3cret&x=1: refused"))
                .isEqualTo("at jdbc:postgresql://db/shop?user=a&password=****&x=1: refused");
        assertThat(PropertyResolver.mask("url", "jdbc:postgresql://db:5432/shop")).isEqualTo(
                "jdbc:postgresql://db:5432/shop");
    }
}

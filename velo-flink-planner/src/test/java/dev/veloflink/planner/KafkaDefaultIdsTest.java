package dev.veloflink.planner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 11: the default consumer group and transactional id prefix of two unrelated {@code app.sql} files
 * differ (the file's base name and a hash of its absolute path), and an {@code @app} name replaces that hash part.
 */
class KafkaDefaultIdsTest {
    private static final String APP = """
            %sCREATE STREAM big_orders AS
            SELECT id FROM orders
            WITH (
                'orders.type' = 'kafka_source',
                'orders.columns' = 'id BIGINT',
                'big_orders.type' = 'kafka_sink',
                'big_orders.delivery.guarantee' = 'exactly_once',
                'dead_letter.type' = 'kafka_sink',
                'error.strategy' = 'dead_letter'
            );
            """;
    private static final Pattern GROUP = Pattern.compile("group (\\S+),");
    private static final Pattern PREFIX = Pattern.compile("transactional.id.prefix (\\S+),");

    @TempDir
    Path dir;

    @Test
    void twoUnrelatedAppFilesGetDifferentGroupsAndTransactionalIds() throws Exception {
        String first = explain(dir.resolve("shop"), "");
        String second = explain(dir.resolve("warehouse"), "");
        String firstGroup = find(GROUP, first);
        String firstPrefix = find(PREFIX, first);
        assertThat(firstGroup).matches("velo-app-[0-9a-f]{8}-big_orders-orders");
        assertThat(firstPrefix).matches("velo-app-[0-9a-f]{8}-big_orders");
        assertThat(find(GROUP, second)).matches("velo-app-[0-9a-f]{8}-big_orders-orders").isNotEqualTo(firstGroup);
        assertThat(find(PREFIX, second)).isNotEqualTo(firstPrefix);
        // The same file loaded again keeps its ids: a restart joins its own group.
        assertThat(find(GROUP, explain(dir.resolve("shop"), ""))).isEqualTo(firstGroup);
    }

    @Test
    void anAppNameReplacesTheFileBasedIdentity() throws Exception {
        String text = explain(dir.resolve("named"), "-- @app: shop\n");
        assertThat(find(GROUP, text)).isEqualTo("velo-shop-big_orders-orders");
        assertThat(find(PREFIX, text)).isEqualTo("velo-shop-big_orders");
    }

    private static String explain(Path folder, String header) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.resolve("app.sql");
        Files.writeString(file, APP.formatted(header));
        return PlannerTestApps.loadWithoutErrors(file).explain();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }
}

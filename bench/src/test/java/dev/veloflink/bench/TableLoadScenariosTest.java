package dev.veloflink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table bulk-load scenarios end to end on small inputs (real MiniClusters, the in-process Kafka broker): velo and
 * its baseline write the same joined rows, including the Kafka table's job that never ends and is cancelled once its
 * output is complete.
 */
class TableLoadScenariosTest {
    @TempDir
    Path dir;

    @Test
    void fileAndKafkaTableLoadsAgreeWithTheirBaselines() throws Exception {
        Path json = dir.resolve("latest.json");
        int exit = BenchMain.run("--scenario", "file_table_load", "--scenario", "kafka_table_load",
                "--rows", "5000", "--runs", "1", "--parallelism", "2", "--no-flinksql", "--out", json.toString());
        String text = Files.readString(json);
        assertThat(text).doesNotContain("\"status\": \"failed\"");
        assertThat(exit).isZero();
        assertThat(text).contains("\"scenario\": \"file_table_load\"", "\"scenario\": \"kafka_table_load\"",
                ">= 1,000,000 rows/s/core: ");
        // Every probe found its customer, the last row of the table included.
        assertThat(text.split("\"output_rows\": 10,", -1)).hasSize(3);
    }
}

package dev.veloflink.coordinator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line and /health entry of a table: rows, bytes, rate, percentage of the bulk target, ETA, phase. */
class TableProgressTest {

    private static final TableProgress.Bulk HALF_WAY = new TableProgress.Bulk(41_200, 82_400,
            "customers/0@41200 of 82400", 2_000);

    /** Issue 19 item 8 (in part): a target that grows (a split opened late) does not move the percentage back. */
    @Test
    void theBulkPercentageNeverGoesBackwards() {
        TableProgress.Bulk before = new TableProgress.Bulk(51, 100, "t/0@51 of 100", 1_000);
        TableProgress.Bulk grownTarget = new TableProgress.Bulk(52, 104, "t/0@52 of 100, t/1@0 of 4", 900);
        TableProgress.Bulk shown = grownTarget.notBelow(before);
        assertThat(shown.percent()).isEqualTo(51);
        assertThat(shown.position()).isEqualTo("t/0@52 of 100, t/1@0 of 4");
        TableProgress.Bulk later = new TableProgress.Bulk(60, 104, "t/0@56 of 100, t/1@4 of 4", 500);
        assertThat(later.notBelow(shown).percent()).isEqualTo(57);
        assertThat(before.notBelow(null)).isSameAs(before);
    }

    @Test
    void aLoadingLineShowsRowsBytesRatePercentageAndEta() {
        TableProgress loading = new TableProgress("customers", TableProgress.Phase.LOADING, 41_200, 20_600.4, 2_049,
                3_303_014, HALF_WAY);
        assertThat(loading.line()).isEqualTo("velo: table 'customers' loading (bulk phase): 41200 rows, 3.1 MiB, "
                + "20600 rows/s, 50% (ETA 2.0s), 2.0s");
    }

    @Test
    void withoutATargetOrBytesTheLineSaysOnlyWhatIsKnown() {
        TableProgress jdbc = new TableProgress("customers", TableProgress.Phase.LOADING, 3, 5, 1_000, -1,
                new TableProgress.Bulk(3, -1, "customers@3", -1));
        assertThat(jdbc.line()).isEqualTo("velo: table 'customers' loading (bulk phase): 3 rows, 5 rows/s, 1.0s");
        TableProgress ready = new TableProgress("customers", TableProgress.Phase.READY, 3, 0, 1_500, 512,
                new TableProgress.Bulk(512, 512, "", -1));
        assertThat(ready.line()).isEqualTo("velo: table 'customers' ready: 3 rows, 512 B in 1.5s");
    }

    @Test
    void healthCarriesBytesTargetPositionAndEtaWhileLoading() {
        TableProgress loading = new TableProgress("customers", TableProgress.Phase.LOADING, 41_200, 20_600, 2_000,
                3_303_014, HALF_WAY);
        assertThat(HealthJson.render("app", "RUNNING", Optional.empty(), List.of(loading))).isEqualTo(
                "{\"application\":\"app\",\"status\":\"RUNNING\",\"tables\":[{\"name\":\"customers\","
                        + "\"phase\":\"LOADING\",\"rows\":41200,\"rows_per_second\":20600.0,\"elapsed_ms\":2000,"
                        + "\"bytes\":3303014,\"bulk_done\":41200,\"bulk_target\":82400,"
                        + "\"bulk_position\":\"customers/0@41200 of 82400\",\"eta_ms\":2000}]}");
    }

    @Test
    void bytesReadLikeAPerson() {
        assertThat(TableProgress.bytesText(0)).isEqualTo("0 B");
        assertThat(TableProgress.bytesText(1023)).isEqualTo("1023 B");
        assertThat(TableProgress.bytesText(1536)).isEqualTo("1.5 KiB");
        assertThat(TableProgress.bytesText(5L << 30)).isEqualTo("5.0 GiB");
    }
}

package dev.veloflink.coordinator;

import dev.veloflink.functions.text.TextForms;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The /health document: the application, its job status, and per table its phase, rows (and bytes) loaded, load rate,
 * and while loading, its bulk position against the target and the ETA.
 */
final class HealthJson {
    private HealthJson() {
    }

    static String render(String application, String status, Optional<String> failure, List<TableProgress> tables) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"application\":");
        TextForms.appendJsonString(json, application);
        json.append(",\"status\":");
        TextForms.appendJsonString(json, status);
        if (failure.isPresent()) {
            json.append(",\"failure\":");
            TextForms.appendJsonString(json, failure.get());
        }
        json.append(",\"tables\":[");
        for (int i = 0; i < tables.size(); i++) {
            TableProgress table = tables.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":");
            TextForms.appendJsonString(json, table.table());
            json.append(",\"phase\":\"").append(table.phase()).append('"');
            json.append(",\"rows\":").append(table.rows());
            json.append(",\"rows_per_second\":").append(String.format(Locale.ROOT, "%.1f", table.rowsPerSecond()));
            json.append(",\"elapsed_ms\":").append(table.elapsedMillis());
            if (table.bytes() >= 0) {
                json.append(",\"bytes\":").append(table.bytes());
            }
            TableProgress.Bulk bulk = table.bulk();
            if (bulk.target() >= 0) {
                json.append(",\"bulk_done\":").append(bulk.done()).append(",\"bulk_target\":").append(bulk.target());
            }
            if (!bulk.position().isEmpty()) {
                json.append(",\"bulk_position\":");
                TextForms.appendJsonString(json, bulk.position());
            }
            if (table.phase() == TableProgress.Phase.LOADING && bulk.etaMillis() >= 0) {
                json.append(",\"eta_ms\":").append(bulk.etaMillis());
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }
}

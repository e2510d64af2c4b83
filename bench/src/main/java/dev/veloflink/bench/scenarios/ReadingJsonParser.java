package dev.veloflink.bench.scenarios;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads one JSON reading with Jackson's streaming parser, field by field into locals, exact decimals: how velo's
 * decoder reads JSON, and what a Flink engineer tuning a job would write (the tree model builds a node per field).
 * Not serializable: a baseline function creates it in {@code open}.
 */
final class ReadingJsonParser {
    private final JsonFactory factory = new JsonFactory();

    Reading parse(String line) throws IOException {
        long id = 0;
        String station = null;
        BigDecimal temp = null;
        int qty = 0;
        BigDecimal price = null;
        try (JsonParser parser = factory.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + line);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> id = parser.getLongValue();
                    case "station" -> station = parser.getText();
                    case "temp" -> temp = parser.getDecimalValue();
                    case "qty" -> qty = parser.getIntValue();
                    case "price" -> price = parser.getDecimalValue();
                    default -> throw new IOException("unexpected field '" + field + "' in " + line);
                }
            }
        }
        if (station == null || temp == null || price == null) {
            throw new IOException("a reading without station, temp or price: " + line);
        }
        return new Reading(id, station, temp.setScale(1, RoundingMode.HALF_UP), qty,
                price.setScale(2, RoundingMode.HALF_UP));
    }
}

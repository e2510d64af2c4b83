package dev.veloflink.connectors.decode;

import dev.veloflink.dialect.types.Schema;

import java.io.Serializable;

/**
 * What a {@link RecordDecoder} needs to turn one source's raw records into rows.
 *
 * @param statement the statement's job name, for counter labels and messages
 * @param source the source name
 * @param schema the source's columns (without system columns)
 */
public record DecoderSpec(
        String statement,
        String source,
        RecordFormat format,
        char delimiter,
        char quote,
        Schema schema,
        ErrorStrategy errorStrategy) implements Serializable {

    /** A JSON source: delimiter and quote do not apply. */
    public static DecoderSpec json(String statement, String source, Schema schema, ErrorStrategy errorStrategy) {
        return new DecoderSpec(statement, source, RecordFormat.JSON, ',', '"', schema, errorStrategy);
    }
}

package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;

/**
 * A schema found by sampling (SPEC §6.2), with the origin text {@code velo explain} prints:
 * {@code inferred from <n> rows of <path>}.
 */
public record InferredSchema(Schema schema, String origin) {
}

package dev.veloflink.connectors.decode;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the decoder fuzz targets share: a schema with a column of every type, and a scratch file per JVM. */
final class FuzzInputs {
    /** Every column type a file or Kafka source can declare, one NOT NULL so null violations are reachable. */
    static final Schema ALL_TYPES = new Schema(List.of(
            new Column("id", Types.INTEGER, false, false),
            new Column("big", Types.BIGINT),
            new Column("amount", Types.decimal(10, 2)),
            new Column("score", Types.DOUBLE),
            new Column("name", Types.STRING),
            new Column("at", Types.TIMESTAMP),
            new Column("day", Types.DATE),
            new Column("tod", Types.TIME),
            new Column("ok", Types.BOOLEAN)));

    private FuzzInputs() {
    }

    /**
     * Writes {@code data} to a file of this JVM's scratch folder in the build's temp folder (one file per target,
     * rewritten for each input; a few bytes left behind at the end).
     */
    static Path write(String name, byte[] data) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "velo-fuzz-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.write(file, data);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.veloflink.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies an examples folder into a temporary folder, so runs write their output there and not into the repo. */
public final class ExampleWorkspace {
    private ExampleWorkspace() {
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("velo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path copy(String examplesFolder, Path into) throws IOException {
        Path source = repositoryRoot().resolve(examplesFolder);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, into.resolve(file.getFileName()));
            }
        }
        return into;
    }

    /**
     * The hello application in {@code into}, made to fail: a bad amount on line 3 of orders.csv under
     * {@code error.strategy = fail} (E503). Returns the application file.
     */
    public static Path failingHello(Path into) throws IOException {
        copy("examples/hello", into);
        Files.writeString(into.resolve("orders.csv"), "order_id,customer,amount\n1,alice,250.00\n2,bob,abc\n");
        Path file = into.resolve("strict.sql");
        Files.writeString(file, Files.readString(into.resolve("hello.sql"))
                .replace("'orders.format' = 'csv',", "'orders.format' = 'csv',\n    'orders.columns' = "
                        + "'order_id INTEGER, customer STRING, amount DECIMAL(10,2)',\n    'error.strategy' = 'fail',"));
        return file;
    }
}

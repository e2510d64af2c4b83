package dev.veloflink.dist;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the application file of application mode comes from: a local path is used where it is (so its relative
 * source and sink paths resolve beside it); a URI is copied into a new local folder first, through Flink's own file
 * systems ({@code hdfs:}, {@code s3:} with its plugin, ...) or, for {@code http(s):}, a plain download.
 */
final class ApplicationFile {
    private ApplicationFile() {
    }

    static Path localCopy(String location) throws IOException {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() == 1) { // no scheme, or a Windows drive letter
            return Path.of(location).toAbsolutePath();
        }
        if (uri.getScheme().equals("file")) {
            return Path.of(uri).toAbsolutePath();
        }
        String name = Path.of(uri.getPath()).getFileName().toString();
        Path copy = Files.createTempDirectory("velo-app-").resolve(name);
        try (InputStream in = open(uri)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static InputStream open(URI uri) throws IOException {
        if (uri.getScheme().equals("http") || uri.getScheme().equals("https")) {
            return uri.toURL().openStream();
        }
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        FSDataInputStream in = FileSystem.get(uri).open(path);
        return in;
    }
}

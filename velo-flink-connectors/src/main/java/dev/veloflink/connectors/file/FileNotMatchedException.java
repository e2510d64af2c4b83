package dev.veloflink.connectors.file;

/** E402: a file_source path matched no file within its {@code file.wait.timeout}. */
public class FileNotMatchedException extends RuntimeException {
    public FileNotMatchedException(String message) {
        super(message);
    }
}

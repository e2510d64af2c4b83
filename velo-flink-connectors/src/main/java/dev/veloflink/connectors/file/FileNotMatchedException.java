package dev.veloflink.connectors.file;

import dev.veloflink.dialect.diag.CodedException;

/** E402: a file_source path matched no file within its {@code file.wait.timeout}. */
public class FileNotMatchedException extends CodedException {

    /** @param detail the message without its code ({@link FileDiscovery#notMatchedMessage}) */
    public FileNotMatchedException(String detail) {
        super("E402", detail, null);
    }
}

package dev.veloflink.connectors.file;

import dev.veloflink.connectors.ErrorGuidance;
import dev.veloflink.dialect.diag.CodedException;

/** E402: a file_source path matched no file within its {@code file.wait.timeout}. */
public class FileNotMatchedException extends CodedException implements ErrorGuidance.Guided {
    private final String source;

    /**
     * @param source the file_source's name
     * @param detail the message without its code ({@link FileDiscovery#notMatchedMessage})
     */
    public FileNotMatchedException(String source, String detail) {
        super("E402", detail);
        this.source = source;
    }

    @Override
    public ErrorGuidance guidance() {
        return new ErrorGuidance(FileSourceOptions.PATH.key(), "a path that matches a file", "check '" + source
                + ".path', or set '" + source + "." + FileSourceOptions.FILE_WAIT_TIMEOUT.key() + "' to wait for it");
    }
}

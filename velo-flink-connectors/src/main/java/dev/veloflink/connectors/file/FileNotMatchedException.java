package dev.veloflink.connectors.file;

import dev.veloflink.dialect.diag.CodedError;

/** E402: a file_source path matched no file within its {@code file.wait.timeout}. */
public class FileNotMatchedException extends RuntimeException implements CodedError {
    private final String detail;

    /** @param detail the message without its code ({@link FileDiscovery#notMatchedMessage}) */
    public FileNotMatchedException(String detail) {
        super(CodedError.message("E402", detail));
        this.detail = detail;
    }

    @Override
    public String code() {
        return "E402";
    }

    @Override
    public String detail() {
        return detail;
    }
}

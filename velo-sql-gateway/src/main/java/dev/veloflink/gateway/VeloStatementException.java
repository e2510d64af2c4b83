package dev.veloflink.gateway;

import dev.veloflink.session.StatementError;

/**
 * A statement's velo diagnostics on their way to the client: the gateway reports a failed operation with this
 * message, which the Flink SQL client prints under "[ERROR] Could not execute SQL statement".
 */
final class VeloStatementException extends RuntimeException {
    VeloStatementException(StatementError error) {
        super(error.rendered(), null, false, false);
    }
}

package dev.veloflink.planner;

import dev.veloflink.connectors.ConnectorUnsupportedException;
import dev.veloflink.connectors.SchemaUnavailableException;
import dev.veloflink.connectors.file.FileNotMatchedException;
import dev.veloflink.connectors.kafka.TopicNotFoundException;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 item 3: a connector error's code is a field of its exception, read as is, never parsed from text. */
class ConnectorErrorTest {

    @Test
    void eachTypedErrorKeepsItsCodeAndItsMessageGoesWithoutIt() {
        assertThat(ConnectorError.of(new SchemaUnavailableException("jdbc_source 'prices': cannot read the schema",
                new java.sql.SQLException("Database 'x' not found."))))
                .isEqualTo(new ConnectorError("E404", "jdbc_source 'prices': cannot read the schema"));
        assertThat(ConnectorError.of(new InvalidOptionException("kafka_source", "value.format", "xml", "json, csv")))
                .isEqualTo(new ConnectorError("E401",
                        "invalid value 'xml' for kafka_source key 'value.format'; expected: json, csv"));
        assertThat(ConnectorError.of(new MissingOptionException("jdbc_source", "url")))
                .isEqualTo(new ConnectorError("E402", "jdbc_source requires the key 'url'"));
        assertThat(ConnectorError.of(new TopicNotFoundException("kafka_source 'o': topic 'o' not found", "o")))
                .isEqualTo(new ConnectorError("E402", "kafka_source 'o': topic 'o' not found"));
        assertThat(ConnectorError.of(new FileNotMatchedException("f", "file_source 'f': no file matches")))
                .isEqualTo(new ConnectorError("E402", "file_source 'f': no file matches"));
        assertThat(ConnectorError.of(new ConnectorUnsupportedException("jdbc_sink 'out' keys on written columns")))
                .isEqualTo(new ConnectorError("E304", "jdbc_sink 'out' keys on written columns"));
    }

    @Test
    void theMessageStillShowsTheCodeForLogsAndOneLineFailures() {
        assertThat(new SchemaUnavailableException("kafka_source 'o': no JSON message").getMessage())
                .isEqualTo("E404 kafka_source 'o': no JSON message");
    }

    /** The negative control: text that merely starts like a code is not taken for one. */
    @Test
    void aCodeWrittenInAnUntypedMessageIsNotParsed() {
        assertThat(ConnectorError.of(new IllegalStateException("E404 looks coded but is not typed")))
                .isEqualTo(new ConnectorError("E401", "E404 looks coded but is not typed"));
    }
}

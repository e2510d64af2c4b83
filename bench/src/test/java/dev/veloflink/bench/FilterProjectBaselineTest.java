package dev.veloflink.bench;

import dev.veloflink.bench.scenarios.Reading;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline's hand-written values, checked by hand against SPEC §7.2 (DECIMAL arithmetic, HALF_UP). */
class FilterProjectBaselineTest {

    private static String project(String csv) throws Exception {
        Method project = Class.forName("dev.veloflink.bench.scenarios.FilterProject")
                .getDeclaredMethod("project", Reading.class);
        project.setAccessible(true);
        return (String) project.invoke(null, Reading.fromCsv(csv));
    }

    @Test
    void computesTheSameValuesAsTheQuery() throws Exception {
        // 26.5 * 1.8 + 32 = 79.70 -> 79.7; 19.99 * 5 = 99.95; 26.5 >= 25 -> hot
        assertThat(project("7,Reykjavik,26.5,5,19.99")).isEqualTo("7,REYKJAVIK,Rey,79.7,99.95,hot");
        // -0.3 * 1.8 + 32 = 31.46 -> 31.5 (HALF_UP); below zero -> cold
        assertThat(project("8,Da Nang,-0.3,12,1.00")).isEqualTo("8,DA NANG,Da ,31.5,12.00,cold");
        // A name shorter than the SUBSTRING length stays whole; 0.0 is mild; a quote in a name needs no CSV quoting
        assertThat(project("9,Oslo,0.0,20,999.99")).isEqualTo("9,OSLO,Osl,32.0,19999.80,mild");
        assertThat(project("10,St. John's,25.0,6,2.50")).isEqualTo("10,ST. JOHN'S,St.,77.0,15.00,hot");
    }

    @Test
    void readingsRoundTripThroughCsvAndJson() {
        Reading r = Reading.fromCsv("3,Lima,-12.5,4,100.05");
        assertThat(r.toCsv()).isEqualTo("3,Lima,-12.5,4,100.05");
        assertThat(r.toJson()).isEqualTo("{\"id\":3,\"station\":\"Lima\",\"temp\":-12.5,\"qty\":4,\"price\":100.05}");
    }
}

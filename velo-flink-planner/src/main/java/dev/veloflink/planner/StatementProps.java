package dev.veloflink.planner;

import java.util.Map;

/** The resolved WITH properties of one statement (SPEC §5.1, §5.3): per relation, and the unprefixed keys. */
public interface StatementProps {

    /** The keys set for relation {@code name} (WITH, its config file and parents), without the prefix, lower case. */
    Map<String, String> scoped(String name);

    /** The unprefixed statement keys (SPEC §5.6), lower case. */
    Map<String, String> statementKeys();

    /**
     * The keys in effect for source {@code name}: its own keys, plus the inherited statement keys it does not
     * override (SPEC §5.6).
     */
    default Map<String, String> sourceKeys(String name) {
        Map<String, String> merged = new java.util.LinkedHashMap<>();
        Map<String, String> statement = statementKeys();
        for (String key : StatementKeys.INHERITED) {
            if (statement.containsKey(key)) {
                merged.put(key, statement.get(key));
            }
        }
        merged.putAll(scoped(name));
        return merged;
    }
}

package dev.veloflink.runtime.join;

import java.io.Serial;
import java.io.Serializable;

/**
 * The key of a row whose single join-key value is NULL. Flink cannot key by {@code null}, and a one-column join is
 * keyed by the bare value (not a one-field Row), so NULL needs a stand-in; it keeps the Row key's behaviour, under
 * which a NULL stream key finds a NULL table key.
 *
 * <p>Its hash is a constant, not the identity hash: the key group is computed from it in the sending and in the
 * receiving task, which may be different JVMs.
 */
public final class NullKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    public static final NullKey INSTANCE = new NullKey();

    private NullKey() {
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NullKey;
    }

    @Override
    public int hashCode() {
        return 0x6e756c6c;
    }

    @Override
    public String toString() {
        return "NULL";
    }

    @Serial
    private Object readResolve() {
        return INSTANCE;
    }
}

package dev.veloflink.functions.scalar;

/** Shared wrappers for scalar implementations. */
final class Impls {
    private Impls() {
    }

    /** Most functions are NULL when any argument is NULL (SPEC §15). */
    static ScalarImpl strict(ScalarImpl impl) {
        return (args, ctx) -> {
            for (Object a : args) {
                if (a == null) {
                    return null;
                }
            }
            return impl.apply(args, ctx);
        };
    }

    static ScalarImpl strict1(ScalarImpl impl) {
        return (args, ctx) -> args[0] == null ? null : impl.apply(args, ctx);
    }
}

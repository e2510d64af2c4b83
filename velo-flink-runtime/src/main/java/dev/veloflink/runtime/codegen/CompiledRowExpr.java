package dev.veloflink.runtime.codegen;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.types.Row;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

import java.lang.reflect.InvocationTargetException;

/**
 * A generated expression as it travels with the job: its source, the closures and constants it refers to. It is
 * compiled on first use in the JVM that evaluates it (a TaskManager's slot, or the embedded MiniCluster), with the
 * class loader that loaded velo, so the class it compiles sees the same velo and Flink classes on a cluster as
 * embedded. Each deserialized copy compiles its own class: no class cache in a static field.
 */
public final class CompiledRowExpr implements RowExpr {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final String source;
    private final RowExpr[] interpreted;
    private final Object[] constants;
    /** Stateless once built, so a second thread racing to build it only builds an equal one. */
    private transient RowExpr compiled;

    CompiledRowExpr(String className, String source, RowExpr[] interpreted, Object[] constants) {
        this.className = className;
        this.source = source;
        this.interpreted = interpreted;
        this.constants = constants;
    }

    /** The generated Java source, for explain-level debugging and tests. */
    public String source() {
        return source;
    }

    @Override
    public Object eval(Row row, FunctionContext ctx) {
        RowExpr instance = compiled;
        if (instance == null) {
            instance = compile();
            compiled = instance;
        }
        return instance.eval(row, ctx);
    }

    private RowExpr compile() {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(CompiledRowExpr.class.getClassLoader());
        try {
            compiler.cook(source);
            return (RowExpr) compiler.getClassLoader().loadClass(className)
                    .getConstructor(RowExpr[].class, Object[].class)
                    .newInstance(interpreted, constants);
        } catch (CompileException | ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            // A bug in the generator, never in the user's query: the source says which expression.
            throw new IllegalStateException("velo could not compile a generated expression: " + cause.getMessage()
                    + "\n" + source, cause);
        }
    }
}

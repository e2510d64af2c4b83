package dev.veloflink.connectors.discovery;

import dev.veloflink.connectors.ConnectorFactories;
import dev.veloflink.connectors.SourceFactory;
import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Discovery under Flink's child-first user class loader, as {@code flink run} builds it: the user jar (here this
 * module's classes) brings its own copy of the connector API, and a services file of the parent class path names a
 * factory only the parent has. That factory implements the parent's {@link SourceFactory}, not the user jar's; it
 * used to fail every plan with "not a subtype" (ClusterIT's {@code flink run} of the dist jar beside e2e-tests'
 * test connector).
 */
class ConnectorFactoriesClassLoaderTest {

    @Test
    void aFactoryOfTheParentsCopyOfTheApiIsLeftOutUnderAChildFirstLoader(@TempDir Path services) throws Exception {
        try (URLClassLoader parent = parentWithServicesEntry(services);
             URLClassLoader userJar = FlinkUserCodeClassLoaders.childFirst(new URL[]{moduleClasses()}, parent,
                     new String[0], error -> { }, false)) {
            Class<?> userCopy = userJar.loadClass(ConnectorFactories.class.getName());
            assertThat(userCopy).as("the user jar's own copy").isNotSameAs(ConnectorFactories.class);

            Object discovered = userCopy.getMethod("discover", ClassLoader.class).invoke(null, userJar);

            @SuppressWarnings("unchecked")
            Set<String> types = (Set<String>) userCopy.getMethod("sourceTypes").invoke(discovered);
            assertThat(types).contains("kafka_source", "datagen_source").doesNotContain(ParentOnlySourceFactory.TYPE);
        }
    }

    /** Negative control: the parent loader itself finds the factory, so the services entry is a real one. */
    @Test
    void theParentLoaderFindsTheFactoryItsServicesFileNames(@TempDir Path services) throws Exception {
        try (URLClassLoader parent = parentWithServicesEntry(services)) {
            assertThat(ConnectorFactories.discover(parent).sourceTypes()).contains(ParentOnlySourceFactory.TYPE);
        }
    }

    /** A services entry naming a class that is no factory at all still fails discovery: it is a broken jar. */
    @Test
    void anEntryThatIsNoFactoryAtAllStillFails(@TempDir Path services) throws Exception {
        Path file = services.resolve("META-INF/services/" + SourceFactory.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "dev.veloflink.connectors.discovery.NoSuchFactory\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{services.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> ConnectorFactories.discover(loader))
                    .isInstanceOf(java.util.ServiceConfigurationError.class).hasMessageContaining("NoSuchFactory");
        }
    }

    private URLClassLoader parentWithServicesEntry(Path services) throws Exception {
        Path file = services.resolve("META-INF/services/" + SourceFactory.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, ParentOnlySourceFactory.class.getName() + "\n");
        return new URLClassLoader(new URL[]{services.toUri().toURL()}, getClass().getClassLoader());
    }

    /** This module's main classes (target/classes), which hold the connector API and its services files. */
    private static URL moduleClasses() {
        return ConnectorFactories.class.getProtectionDomain().getCodeSource().getLocation();
    }
}

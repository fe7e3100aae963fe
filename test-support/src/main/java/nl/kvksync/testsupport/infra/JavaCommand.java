package nl.kvksync.testsupport.infra;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Builds {@code java} command lines for child JVMs. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's classpath with manifest-only jars (surefire's booter) expanded, so a child JVM can run the
     * same classes.
     */
    public static String currentClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            expand(Path.of(entry), entries);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void expand(Path entry, Set<String> entries) {
        if (!entries.add(entry.toAbsolutePath().toString()) || !entry.toString().endsWith(".jar")
                || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return;
            }
            for (String ref : classPath.trim().split("\\s+")) {
                URI uri = entry.toUri().resolve(ref);
                expand(Path.of(uri), entries);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable jar: keep the entry as it is
        }
    }

    /** {@code java <jvmArgs> -cp <classpath> <mainClass> <args>}. */
    public static List<String> forMainClass(List<String> jvmArgs, String classpath, String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}

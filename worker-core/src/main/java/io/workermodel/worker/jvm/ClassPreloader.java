package io.workermodel.worker.jvm;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads, before the first request, every class of a package and those under it, from the jar or
 * directory it comes from. The supervisor's threads must not load a class while a request holds
 * the lock it needs: in a Spring Boot fat jar, reading a nested jar takes a lock that a virtual
 * thread without a carrier can hold for good. Classes are loaded, not initialised, so that no
 * static initialiser runs early; one that cannot be linked here (its optional dependency absent)
 * is left to load, or not, as it would have.
 */
public final class ClassPreloader {

	private static final String SUFFIX = ".class";

	private ClassPreloader() {
	}

	/**
	 * Loads the classes of {@code anchor}'s package and those under it.
	 * @return how many were loaded
	 */
	public static int loadPackageOf(Class<?> anchor) {
		return load(anchor, anchor.getPackageName().replace('.', '/') + '/');
	}

	/**
	 * Loads every class of each jar or directory that one of {@code anchors} comes from, once
	 * each: for a library whose classes reach one another in ways no package prefix bounds, such
	 * as a logging framework.
	 * @return how many were loaded
	 */
	public static int loadJarsOf(Collection<Class<?>> anchors) {
		Set<URL> seen = new HashSet<>();
		int loaded = 0;
		for (Class<?> anchor : anchors) {
			CodeSource source = anchor.getProtectionDomain().getCodeSource();
			if (source != null && source.getLocation() != null && seen.add(source.getLocation())) {
				loaded += load(anchor, "");
			}
		}
		return loaded;
	}

	private static int load(Class<?> anchor, String prefix) {
		int loaded = 0;
		for (String entry : entriesOf(anchor, prefix)) {
			String name = entry.substring(0, entry.length() - SUFFIX.length()).replace('/', '.');
			try {
				Class.forName(name, false, anchor.getClassLoader());
				loaded++;
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// Needs what the application does not have: it would fail the same way later.
			}
		}
		return loaded;
	}

	private static List<String> entriesOf(Class<?> anchor, String prefix) {
		CodeSource source = anchor.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) {
			return List.of();
		}
		URL location = source.getLocation();
		try {
			if ("file".equals(location.getProtocol()) && Files.isDirectory(Path.of(location.toURI()))) {
				Path root = Path.of(location.toURI());
				try (Stream<Path> files = Files.walk(root.resolve(prefix))) {
					return files.map((file) -> root.relativize(file).toString().replace('\\', '/'))
						.filter(ClassPreloader::isClass)
						.toList();
				}
			}
			return jarEntriesOf(location, prefix);
		}
		catch (IOException | URISyntaxException | RuntimeException ex) {
			// Preloading narrows a rare hazard; a location it cannot list must not stop the application.
			return List.of();
		}
	}

	private static List<String> jarEntriesOf(URL location, String prefix) throws IOException, URISyntaxException {
		if ("file".equals(location.getProtocol())) {
			try (JarFile jar = new JarFile(Path.of(location.toURI()).toFile())) {
				return namesIn(jar, prefix);
			}
		}
		// A jar nested in a Spring Boot fat jar, whose loader opens it as a jar: URL.
		URL asJar = location.getProtocol().equals("jar") ? location : URI.create("jar:" + location + "!/").toURL();
		URLConnection connection = asJar.openConnection();
		if (connection instanceof JarURLConnection jarConnection) {
			jarConnection.setUseCaches(true);
			return namesIn(jarConnection.getJarFile(), prefix);
		}
		return List.of();
	}

	private static List<String> namesIn(JarFile jar, String prefix) {
		return jar.stream()
			.map(JarEntry::getName)
			.filter((name) -> name.startsWith(prefix) && isClass(name))
			.toList();
	}

	/** A class file of the jar's own, not a module or package descriptor nor another release's copy. */
	private static boolean isClass(String entry) {
		return entry.endsWith(SUFFIX) && !entry.startsWith("META-INF/") && !entry.endsWith("-info" + SUFFIX);
	}

}

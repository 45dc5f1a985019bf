package io.workermodel.worker;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.workermodel.worker.jvm.ClassPreloader;
import io.workermodel.worker.jvm.ExitBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker model's classes are loaded before the first request, from a directory or a jar: in a
 * class loader of their own, a class nothing has used yet is loaded once the package is preloaded.
 */
class ClassPreloaderTest {

	private static final Path CLASSES = Path.of("target/classes");

	@Test
	void loadsEveryClassOfThePackageFromADirectory() throws Exception {
		assertPreloadsFrom(CLASSES.toUri().toURL());
	}

	@Test
	void loadsEveryClassOfThePackageFromAJar(@TempDir Path dir) throws Exception {
		assertPreloadsFrom(jarOf(CLASSES, dir.resolve("worker-core.jar")).toUri().toURL());
	}

	private static void assertPreloadsFrom(URL location) throws Exception {
		try (Loader loader = new Loader(location)) {
			Class<?> anchor = loader.loadClass(Arbiter.class.getName());
			assertThat(loader.loaded(ExitBound.class.getName())).isFalse();

			int loaded = ClassPreloader.loadPackageOf(anchor);

			assertThat(loader.loaded(ExitBound.class.getName())).isTrue();
			assertThat(loader.loaded(PinnedThreads.class.getName())).isTrue();
			assertThat(loaded).isGreaterThan(40);
		}
	}

	private static Path jarOf(Path classes, Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
				Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
				Files.copy(file, out);
				out.closeEntry();
			}
		}
		return jar;
	}

	/** Loads the worker model's classes itself, not from the test's class loader. */
	private static final class Loader extends URLClassLoader {

		Loader(URL location) {
			super(new URL[] { location }, ClassPreloaderTest.class.getClassLoader().getParent());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			synchronized (getClassLoadingLock(name)) {
				Class<?> found = findLoadedClass(name);
				if (found == null && name.startsWith("io.workermodel.worker.")) {
					found = findClass(name);
				}
				return (found != null) ? found : super.loadClass(name, resolve);
			}
		}

		boolean loaded(String name) {
			return findLoadedClass(name) != null;
		}

	}

}

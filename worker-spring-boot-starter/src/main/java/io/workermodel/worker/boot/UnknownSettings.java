package io.workermodel.worker.boot;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Warns at start-up of every key under {@code worker.} that names no property, with the property
 * it most likely meant and where it was set: the starter owns {@code worker.*}, and a misspelt key
 * otherwise leaves its default in force without a word. The known names are read off
 * {@link WorkerProperties} itself. Environment variables are left out: {@code WORKER_*} is a name
 * other tools use too.
 */
final class UnknownSettings {

	private static final Logger logger = LoggerFactory.getLogger(UnknownSettings.class);

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("worker");

	private static final Set<String> KNOWN = names("worker.", WorkerProperties.class, new TreeSet<>());

	private UnknownSettings() {
	}

	static void warn(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(nameOf(source))) {
				continue;
			}
			iterable.stream().filter(PREFIX::isAncestorOf).filter((name) -> !isKnown(name)).forEach((name) -> {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				logger.warn("{} is not a property of the worker model, and does nothing (did you mean {}?); set in {}",
						name, nearest(name.toString()), (property != null) ? property.getOrigin() : nameOf(source));
			});
		}
	}

	private static boolean isKnown(ConfigurationPropertyName name) {
		ConfigurationPropertyName property = name;
		while (property.isLastElementIndexed()) {
			// An element of a list, as worker.priority-paths[0].
			property = property.getParent();
		}
		return KNOWN.contains(property.toString());
	}

	private static String nearest(String name) {
		return KNOWN.stream().min(Comparator.comparingInt((known) -> distance(name, known))).orElseThrow();
	}

	/** Levenshtein's edit distance: letters inserted, deleted or replaced. */
	private static int distance(String from, String to) {
		int[] previous = new int[to.length() + 1];
		int[] current = new int[to.length() + 1];
		for (int j = 0; j <= to.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= from.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= to.length(); j++) {
				int replace = previous[j - 1] + ((from.charAt(i - 1) == to.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[to.length()];
	}

	/** The property names a record binds, nested records' included, as Spring Boot names them. */
	private static Set<String> names(String prefix, Class<?> record, Set<String> names) {
		RecordComponent[] components = record.getRecordComponents();
		Parameter[] parameters = canonicalConstructor(record, components).getParameters();
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			// @Name sits on the constructor's parameter, where Spring Boot binds.
			Name renamed = parameters[i].getAnnotation(Name.class);
			String name = prefix + ((renamed != null) ? renamed.value()
					: DataObjectPropertyName.toDashedForm(component.getName()));
			if (component.getType().isRecord()) {
				names(name + ".", component.getType(), names);
			}
			else {
				names.add(name);
			}
		}
		return names;
	}

	private static Constructor<?> canonicalConstructor(Class<?> record, RecordComponent[] components) {
		try {
			return record.getDeclaredConstructor(
					Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("A record has its canonical constructor", ex);
		}
	}

	private static Object nameOf(ConfigurationPropertySource source) {
		return (source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
				? propertySource.getName() : source.getUnderlyingSource();
	}

}

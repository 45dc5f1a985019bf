package io.workermodel.worker.boot.diagnostics;

import java.util.Map;
import java.util.function.Consumer;

import io.workermodel.worker.ConcurrencyLimit;
import io.workermodel.worker.InvalidWorkerSettingException;
import io.workermodel.worker.WorkerClass;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a {@code worker.*} value the worker model cannot run with: the property, the value
 * and what is accepted. Also takes over from Spring Boot's generic bind failure for
 * {@code worker.class} and {@code worker.limit}, whose message would not list the accepted names.
 */
public class InvalidWorkerSettingFailureAnalyzer implements FailureAnalyzer, Ordered {

	/** The properties that take a name, and what reads it, naming the accepted ones on failure. */
	private static final Map<String, Consumer<String>> NAMED = Map.of("worker.class", WorkerClass::of,
			"worker.limit", ConcurrencyLimit::of);

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		InvalidWorkerSettingException invalid = findInvalidSetting(failure);
		if (invalid == null) {
			return null;
		}
		String property = "worker." + invalid.getSetting();
		String reason = (invalid.getReason() != null) ? " It cannot be used here: " + invalid.getReason() + "." : "";
		return new FailureAnalysis(
				"Invalid value '%s' for property '%s'.%s Accepted: %s.".formatted(invalid.getValue(), property, reason,
						invalid.getAccepted()),
				"Set '%s' to %s.".formatted(property, invalid.getAccepted()), failure);
	}

	private static InvalidWorkerSettingException findInvalidSetting(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidWorkerSettingException invalid) {
				return invalid;
			}
			if (cause instanceof BindException bind && bind.getProperty() != null) {
				Consumer<String> named = NAMED.get(bind.getProperty().getName().toString());
				try {
					if (named != null) {
						named.accept(String.valueOf(bind.getProperty().getValue()));
					}
				}
				catch (InvalidWorkerSettingException unknownName) {
					return unknownName;
				}
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Boot's BindFailureAnalyzer, which would claim the failure of a name first.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.Shedder;
import io.workermodel.worker.WorkerListener;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.jvm.ClassPreloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * The worker model, built once for whichever server runs the application: the settings from
 * {@code worker.*} and the arbiter, with its lifecycle and the opt-in Unix signals. A server
 * integration, ordered before this, contributes only what it knows of its server: a
 * {@link WorkerServer} and, where it has one, a {@link Shedder}. What every integration asks of a
 * request before admitting it is the {@link RequestAdmission}. Each bean backs off when the
 * application defines its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@ConditionalOnBean(WorkerServer.class)
@EnableConfigurationProperties(WorkerProperties.class)
@ImportRuntimeHints(WorkerRuntimeHints.class)
public final class WorkerAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(WorkerAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WorkerSettings workerSettings(WorkerProperties properties, Environment environment, WorkerServer server) {
		WorkerSettings settings = properties.toSettings(environment, server);
		logger.info("Worker class {}: {}", settings.workerClass(), properties.classChoice(environment, server));
		UnknownSettings.warn(environment);
		InapplicableSettings.warn(settings);
		return settings;
	}

	@Bean(initMethod = "start")
	@ConditionalOnMissingBean
	Arbiter workerArbiter(WorkerSettings settings, WorkerProperties properties, WorkerServer server,
			ObjectProvider<Shedder> shedder, ObjectProvider<WorkerListener> listeners) {
		// Before the server takes requests: the supervision the starter adds (the request filter,
		// the hard timeout's terminators) must never wait on a class load a request holds.
		ClassPreloader.loadPackageOf(WorkerAutoConfiguration.class);
		return Arbiter.builder(settings)
			.shedder(shedder.getIfAvailable(() -> Shedder.REJECT))
			.listeners(listeners.orderedStream().toList())
			.requestHooks(properties.requestHooks())
			.loops(server.loops())
			.intake(server.intake())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestAdmission workerRequestAdmission(WorkerProperties properties, Environment environment, Arbiter arbiter) {
		String header = properties.queueTimeHeader();
		return new RequestAdmission(PriorityPaths.of(environment, properties.priorityPaths()),
				(header != null && !header.isBlank()) ? new QueueStartHeader(header.trim()) : null, arbiter.settings(),
				arbiter.dispatcher());
	}

	@Bean
	ArbiterLifecycle workerArbiterLifecycle(Arbiter arbiter) {
		return new ArbiterLifecycle(arbiter);
	}

	@Bean
	@ConditionalOnBooleanProperty("worker.signals.enabled")
	WorkerSignals workerSignals(Arbiter arbiter) {
		return new WorkerSignals(arbiter);
	}

}

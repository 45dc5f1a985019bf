package io.workermodel.worker.boot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.Shedder;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerListener;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.boot.netty.NettyWorkerAutoConfiguration;
import io.workermodel.worker.boot.tomcat.TomcatWorkerAutoConfiguration;
import io.workermodel.worker.boot.webflux.WebFluxWorkerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings and the arbiter are built once, whichever server integration applies, and each
 * of the starter's beans gives way to, or is joined by, the application's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerAutoConfigurationTest {

	private static final AutoConfigurations SERVERS = AutoConfigurations.of(TomcatWorkerAutoConfiguration.class,
			NettyWorkerAutoConfiguration.class, WebFluxWorkerAutoConfiguration.class, WorkerAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(SERVERS);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(SERVERS);

	@Test
	void warnsOfAChangedSettingThatDoesNothingForTheClassInUse(CapturedOutput output) {
		this.servlet.withPropertyValues("worker.class=virtual", "worker.threads=8", "worker.connections=20")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("worker.threads=8").doesNotContain("worker.connections=20");
	}

	@Test
	void saysNothingOfSettingsLeftAtTheirDefaultsOrThatApply(CapturedOutput output) {
		this.servlet.withPropertyValues("worker.class=gthread", "worker.threads=8", "worker.connections=1000")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("worker.threads=").doesNotContain("worker.connections=");
	}

	@Test
	void warnsOfAKeyThatNamesNoPropertyNamingTheNearestOne(CapturedOutput output) {
		this.servlet.withPropertyValues("worker.wrokers=3").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WorkerSettings.class).workers()).isEqualTo(4);
		});
		assertThat(output).contains("worker.wrokers").contains("worker.workers");
	}

	@Test
	void knowsEveryPropertyListElementsAndNestedOnesIncluded(CapturedOutput output) {
		this.servlet
			.withPropertyValues("worker.class=gthread", "worker.priority-paths[0]=/internal",
					"worker.autoscale.min=1", "worker.autoscale.max=2", "worker.signals.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
		// No warning names a worker.* key; warnings of anything else are not this test's business.
		assertThat(output.toString().lines().filter((line) -> line.contains(" WARN ") && line.contains("worker.")))
			.isEmpty();
	}

	@Test
	void oneAutoscaleBoundAloneLeavesAutoscalingOffAndSaysSo(CapturedOutput output) {
		this.servlet.withPropertyValues("worker.autoscale.min=2").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WorkerSettings.class).autoscale()).isEqualTo(WorkerSettings.Autoscale.OFF);
		});
		assertThat(output).contains("worker.autoscale.min=2").contains("worker.autoscale.max");
	}

	@Test
	void saysWhyTheClassInForceWasChosen(CapturedOutput output) {
		this.servlet.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("spring.threads.virtual.enabled=true");
	}

	@Test
	void everyDurationReadsABareNumberAsSeconds() {
		this.servlet
			.withPropertyValues("worker.timeout=2", "worker.graceful-timeout=2", "worker.max-queue-time=2",
					"worker.max-lifetime=2", "worker.max-lifetime-jitter=2", "worker.blocked-threshold=2",
					"worker.pinned-threshold=2")
			.run((context) -> {
				WorkerSettings settings = context.getBean(WorkerSettings.class);
				assertThat(List.of(settings.timeout(), settings.gracefulTimeout(), settings.maxQueueTime(),
						settings.maxLifetime(), settings.maxLifetimeJitter(), settings.blockedThreshold(),
						settings.pinnedThreshold()))
					.containsOnly(Duration.ofSeconds(2));
			});
	}

	@Test
	void buildsOneArbiterFromTheSettingsOfTheServerThatRunsTheApplication() {
		this.servlet.run((context) -> {
			assertThat(context).hasSingleBean(WorkerServer.class)
				.hasSingleBean(WorkerSettings.class)
				.hasSingleBean(Arbiter.class)
				.hasSingleBean(RequestAdmission.class);
			assertThat(context.getBean(Arbiter.class).settings()).isSameAs(context.getBean(WorkerSettings.class));
			assertThat(context.getBean(WorkerSettings.class).workerClass()).isEqualTo(WorkerClass.GTHREAD);
		});
		this.reactive.run((context) -> {
			assertThat(context).hasSingleBean(WorkerServer.class).hasSingleBean(Arbiter.class);
			assertThat(context.getBean(WorkerSettings.class).workerClass()).isEqualTo(WorkerClass.REACTIVE);
		});
		this.reactive.withPropertyValues("worker.class=virtual").run((context) -> {
			assertThat(context).hasSingleBean(WorkerServer.class).hasSingleBean(Arbiter.class);
			assertThat(context.getBean(WorkerSettings.class).workerClass()).isEqualTo(WorkerClass.VIRTUAL);
		});
	}

	@Test
	void thePropertiesDefaultsAreTheSettingsDefaults() {
		this.servlet.run((context) -> assertThat(context.getBean(WorkerSettings.class))
			.isEqualTo(WorkerSettings.builder(WorkerClass.GTHREAD).build()));
	}

	@Test
	void durationsWithoutAUnitAreSecondsAsInGunicorn() {
		this.servlet.withPropertyValues("worker.timeout=30", "worker.graceful-timeout=500ms", "worker.max-lifetime=5")
			.run((context) -> {
				WorkerSettings settings = context.getBean(WorkerSettings.class);
				assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.gracefulTimeout()).isEqualTo(Duration.ofMillis(500));
				assertThat(settings.maxLifetime()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void withAutoscalingTheWorkersStartAtItsMinimumUnlessSet() {
		this.servlet.withPropertyValues("worker.autoscale.min=1", "worker.autoscale.max=6")
			.run((context) -> assertThat(context.getBean(WorkerSettings.class).workers()).isEqualTo(1));
		this.servlet.withPropertyValues("worker.autoscale.min=1", "worker.autoscale.max=6", "worker.workers=3")
			.run((context) -> assertThat(context.getBean(WorkerSettings.class).workers()).isEqualTo(3));
	}

	@Test
	void theApplicationsOwnSettingsReplaceTheStarters() {
		this.servlet.withUserConfiguration(OwnSettings.class).run((context) -> {
			assertThat(context).hasSingleBean(WorkerSettings.class);
			assertThat(context.getBean(Arbiter.class).settings()).isSameAs(OwnSettings.SETTINGS);
		});
	}

	@Test
	void theApplicationsOwnShedderGetsTheShedWork() {
		// WebFlux hands its blocking handlers over already read: what finds no room is shed as it is.
		this.reactive.withPropertyValues("worker.class=sync")
			.withUserConfiguration(OwnSettings.class, OwnShedder.class)
			.run((context) -> {
				Arbiter arbiter = context.getBean(Arbiter.class);
				CountDownLatch release = new CountDownLatch(1);
				Runnable held = () -> awaitQuietly(release);
				Runnable refused = () -> {
				};
				// One sync worker and no backlog: the second unit finds no room.
				arbiter.dispatcher().execute(held);
				await().until(() -> arbiter.dispatcher().busy() == 1);
				arbiter.dispatcher().execute(refused);
				release.countDown();

				assertThat(context.getBean(OwnShedder.class).shed).containsExactly(refused);
			});
	}

	@Test
	void theApplicationsOwnArbiterReplacesTheStarters() {
		this.servlet.withUserConfiguration(OwnArbiter.class).run((context) -> {
			assertThat(context).hasSingleBean(Arbiter.class);
			assertThat(context.getBean(Arbiter.class).settings().workerClass()).isEqualTo(WorkerClass.SYNC);
		});
	}

	@Test
	void theApplicationsListenersJoinTheArbiter() {
		this.servlet.withUserConfiguration(OwnListener.class).withPropertyValues("worker.workers=3").run((context) -> {
			assertThat(context.getBean(OwnListener.class).started).hasSize(3);
		});
	}

	@Test
	void disabledBacksEverythingOff() {
		this.servlet.withPropertyValues("worker.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(WorkerServer.class)
				.doesNotHaveBean(WorkerSettings.class)
				.doesNotHaveBean(Arbiter.class)
				.doesNotHaveBean(Shedder.class);
		});
		this.reactive.withPropertyValues("worker.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(WorkerServer.class).doesNotHaveBean(Arbiter.class);
		});
	}

	@Test
	void withoutAServerNothingIsBuilt() {
		new ApplicationContextRunner().withConfiguration(SERVERS).run((context) -> {
			assertThat(context).doesNotHaveBean(WorkerSettings.class).doesNotHaveBean(Arbiter.class);
		});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSettings {

		static final WorkerSettings SETTINGS = WorkerSettings.builder(WorkerClass.SYNC).workers(1).backlog(0).build();

		@Bean
		WorkerSettings workerSettings() {
			return SETTINGS;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnShedder {

		final List<Runnable> shed = new CopyOnWriteArrayList<>();

		@Bean
		Shedder shedder() {
			return this.shed::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnArbiter {

		@Bean(initMethod = "start")
		Arbiter arbiter() {
			return new Arbiter(WorkerSettings.builder(WorkerClass.SYNC).workers(2).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnListener implements WorkerListener {

		final List<WorkerSnapshot> started = new CopyOnWriteArrayList<>();

		@Override
		public void workerStarted(WorkerSnapshot worker) {
			this.started.add(worker);
		}

	}

}

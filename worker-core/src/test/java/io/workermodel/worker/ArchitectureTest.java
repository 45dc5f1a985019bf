package io.workermodel.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's shape: no knot of types that can only be understood, changed or moved together, no
 * cycle between its packages, and each worker class kept in its registry.
 */
class ArchitectureTest {

	/** The most types that may reference each other in one cycle, as a worker and its pool do. */
	private static final int LARGEST_KNOT = 6;

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(Arbiter.class.getPackageName());

	@Test
	void noMoreThanSixTypesReferenceEachOtherInOneCycle() {
		List<Set<String>> knots = stronglyConnected(typeGraph(CORE));
		assertThat(knots).allSatisfy((knot) -> assertThat(knot)
			.as("types that reference each other in one cycle")
			.hasSizeLessThanOrEqualTo(LARGEST_KNOT));
	}

	@Test
	void noPackageCycles() {
		slices().matching("io.workermodel.(**)").should().beFreeOfCycles().check(CORE);
	}

	@Test
	void onlyTheRegistryNamesAWorkerClass() {
		for (WorkerClass workerClass : WorkerClass.values()) {
			noClasses().that()
				.doNotBelongToAnyOf(WorkerClass.class)
				.should()
				.accessField(WorkerClass.class, workerClass.name())
				.because("what makes a class what it is is asked of the class, not tested for by name")
				.check(CORE);
		}
	}

	/** Each top-level type, and the top-level types of this module it references. */
	static Map<String, Set<String>> typeGraph(JavaClasses classes) {
		Map<String, Set<String>> graph = new TreeMap<>();
		for (JavaClass type : classes) {
			Set<String> targets = graph.computeIfAbsent(topLevel(type), (key) -> new TreeSet<>());
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				JavaClass target = dependency.getTargetClass();
				if (classes.contain(target.getName())) {
					targets.add(topLevel(target));
				}
			}
		}
		graph.forEach((type, targets) -> targets.remove(type));
		return graph;
	}

	private static String topLevel(JavaClass type) {
		JavaClass outer = type;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		return outer.getSimpleName();
	}

	/** Tarjan's strongly connected components of more than one type, largest first. */
	static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
		Tarjan tarjan = new Tarjan(graph);
		graph.keySet().forEach(tarjan::visitIfNew);
		tarjan.components.sort(Comparator.comparingInt(Set<String>::size).reversed());
		return tarjan.components;
	}

	private static final class Tarjan {

		private final Map<String, Set<String>> graph;

		private final Map<String, Integer> index = new HashMap<>();

		private final Map<String, Integer> lowLink = new HashMap<>();

		private final Deque<String> stack = new ArrayDeque<>();

		private final Set<String> onStack = new HashSet<>();

		private final List<Set<String>> components = new ArrayList<>();

		Tarjan(Map<String, Set<String>> graph) {
			this.graph = graph;
		}

		void visitIfNew(String type) {
			if (!this.index.containsKey(type)) {
				visit(type);
			}
		}

		private void visit(String type) {
			this.index.put(type, this.index.size());
			this.lowLink.put(type, this.index.get(type));
			this.stack.push(type);
			this.onStack.add(type);
			for (String target : this.graph.getOrDefault(type, Set.of())) {
				if (!this.index.containsKey(target)) {
					visit(target);
					this.lowLink.merge(type, this.lowLink.get(target), Math::min);
				}
				else if (this.onStack.contains(target)) {
					this.lowLink.merge(type, this.index.get(target), Math::min);
				}
			}
			if (this.lowLink.get(type).equals(this.index.get(type))) {
				Set<String> component = new TreeSet<>();
				String member;
				do {
					member = this.stack.pop();
					this.onStack.remove(member);
					component.add(member);
				}
				while (!member.equals(type));
				if (component.size() > 1) {
					this.components.add(component);
				}
			}
		}

	}

}

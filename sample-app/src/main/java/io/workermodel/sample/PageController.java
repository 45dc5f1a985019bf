package io.workermodel.sample;

import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the workers page whether to offer the endpoint's write operations. */
@RestController
class PageController {

	private final boolean writable;

	PageController(Environment environment) {
		this.writable = "unrestricted".equalsIgnoreCase(environment.getProperty("management.endpoint.workers.access"));
	}

	@GetMapping("/page/config")
	Map<String, Boolean> config() {
		return Map.of("writable", this.writable);
	}

}

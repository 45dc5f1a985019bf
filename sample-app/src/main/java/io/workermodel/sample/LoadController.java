package io.workermodel.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that load a worker in each of the ways a Spring MVC application does. */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LoadController {

	/** The smallest useful response. */
	@GetMapping("/hello")
	String hello() {
		return "hello\n";
	}

	/** Blocks the thread for {@code ms} milliseconds, as a JDBC or HTTP call does. */
	@GetMapping("/io")
	String io(@RequestParam(defaultValue = "50") long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "slept " + ms + " ms\n";
	}

	/** Does {@code ms} milliseconds' worth of fixed CPU work ({@link CpuWork}). */
	@GetMapping("/cpu")
	String cpu(@RequestParam(defaultValue = "5") long ms) {
		return CpuWork.work(ms);
	}

	/** Blocks until the thread is interrupted, as a request stuck on a dead peer does. */
	@GetMapping("/hang")
	String hang() throws InterruptedException {
		Thread.sleep(Long.MAX_VALUE);
		return "woke up\n";
	}

	/** Fails, as a bug does. */
	@GetMapping("/boom")
	String boom() {
		throw new IllegalStateException("boom");
	}

	/** Reads the whole body and sends it back. */
	@PostMapping("/echo")
	ResponseEntity<byte[]> echo(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "Content-Type", defaultValue = MediaType.APPLICATION_OCTET_STREAM_VALUE) String type) {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).body((body != null) ? body : new byte[0]);
	}

}

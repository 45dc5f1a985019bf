package io.workermodel.sample;

import java.io.IOException;

import io.workermodel.worker.Worker;
import io.workermodel.worker.jvm.VirtualThreads;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Tells each client which worker served it and on what kind of thread. */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WorkerHeadersFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Worker worker = Worker.current();
		response.setHeader("X-Worker", (worker != null) ? String.valueOf(worker.id()) : "none");
		response.setHeader("X-Thread", VirtualThreads.isVirtual(Thread.currentThread()) ? "virtual" : "platform");
		chain.doFilter(request, response);
	}

}

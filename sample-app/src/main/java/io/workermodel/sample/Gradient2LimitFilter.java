package io.workermodel.sample;

import java.io.IOException;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The peer the overload benchmark compares the starter with: plain Spring Boot behind Netflix
 * concurrency-limits' Gradient2 limit in a servlet filter, as the library's servlet module builds
 * it (which does not resolve for Jakarta Servlet here): a request beyond the limit is answered 429
 * at once. Only with {@code sample.gradient2-filter=true}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnBooleanProperty("sample.gradient2-filter")
class Gradient2LimitFilter extends OncePerRequestFilter {

	private final Limiter<Void> limiter = SimpleLimiter.newBuilder().limit(Gradient2Limit.newBuilder().build()).build();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> listener = this.limiter.acquire(null);
		if (listener.isEmpty()) {
			response.setStatus(429);
			return;
		}
		try {
			chain.doFilter(request, response);
			listener.get().onSuccess();
		}
		catch (IOException | ServletException | RuntimeException ex) {
			listener.get().onIgnore();
			throw ex;
		}
	}

}

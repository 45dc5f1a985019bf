package io.workermodel.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real downstream bound: each request takes a connection from a HikariCP pool of 10 to
 * PostgreSQL and runs a query of {@code ms} milliseconds, as a service in front of a database
 * does. Only with {@code sample.db.url} set (bench/database.py starts a PostgreSQL and sets it).
 * A request that gets no connection within {@code sample.db.connection-timeout} (5 s) is answered
 * 500, as a pool timeout is in most services.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("sample.db.url")
class DatabaseController implements AutoCloseable {

	private final HikariDataSource pool = new HikariDataSource();

	DatabaseController(Environment environment) {
		this.pool.setJdbcUrl(environment.getRequiredProperty("sample.db.url"));
		this.pool.setUsername(environment.getProperty("sample.db.username", "postgres"));
		this.pool.setMaximumPoolSize(environment.getProperty("sample.db.pool-size", Integer.class, 10));
		this.pool.setConnectionTimeout(environment.getProperty("sample.db.connection-timeout", Long.class, 5000L));
	}

	@GetMapping("/db")
	ResponseEntity<String> query(@RequestParam(defaultValue = "20") long ms) throws SQLException {
		try (Connection connection = this.pool.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT pg_sleep(?)")) {
			statement.setDouble(1, ms / 1000.0);
			statement.execute();
			return ResponseEntity.ok("queried " + ms + " ms\n");
		}
		catch (SQLTransientConnectionException ex) {
			// The pool had no connection for this request within its timeout.
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("pool timeout\n");
		}
	}

	@Override
	public void close() {
		this.pool.close();
	}

}

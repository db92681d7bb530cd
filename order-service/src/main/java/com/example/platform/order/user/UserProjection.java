package com.example.platform.order.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A local, eventually consistent view of users built from {@code user-events}: id,
 * status, name and the user's version. The resilience work falls back to it when
 * user-service does not answer. Each write keeps only a newer version, so duplicate or
 * reordered events leave it as the newest one left it.
 */
@Component
public class UserProjection {

	private final JdbcClient jdbc;

	UserProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What is known about a user.
	 * @param id the user
	 * @return the projected user, empty if no event about it has arrived
	 */
	@Transactional(readOnly = true)
	public Optional<ProjectedUser> find(UUID id) {
		return this.jdbc.sql("select id, status, name, version, updated_at from user_projection where id = :id")
			.param("id", id)
			.query((rs, row) -> new ProjectedUser(rs.getObject("id", UUID.class),
					ProjectedUser.Status.valueOf(rs.getString("status")), rs.getString("name"), rs.getLong("version"),
					rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	// One statement, so concurrent events for one user cannot interleave: the row is
	// written only when the incoming version is newer than the stored one.
	boolean apply(UUID id, ProjectedUser.Status status, String name, long version, Instant occurredAt) {
		return this.jdbc
			.sql("insert into user_projection (id, status, name, version, updated_at) "
					+ "values (:id, :status, :name, :version, :updatedAt) on conflict (id) do update "
					+ "set status = excluded.status, name = excluded.name, version = excluded.version, "
					+ "updated_at = excluded.updated_at where user_projection.version < excluded.version")
			.param("id", id)
			.param("status", status.name())
			.param("name", name)
			.param("version", version)
			.param("updatedAt", Timestamp.from(occurredAt))
			.update() == 1;
	}

}

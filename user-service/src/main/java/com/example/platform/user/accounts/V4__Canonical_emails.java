package com.example.platform.user.accounts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.springframework.stereotype.Component;

/**
 * Adds {@code users.email_canonical} (see {@link CanonicalEmail}) and moves the unique
 * index onto it. A Java migration because the canonical form is Java's: PostgreSQL's
 * {@code lower()} depends on the collation and is the very disagreement this removes.
 * Spring Boot hands Flyway every {@code JavaMigration} bean.
 */
@Component
class V4__Canonical_emails extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		try (Statement ddl = context.getConnection().createStatement()) {
			ddl.execute("alter table users add column email_canonical text");
		}
		Map<UUID, String> canonical = new LinkedHashMap<>();
		try (Statement select = context.getConnection().createStatement();
				ResultSet rows = select.executeQuery("select id, email from users")) {
			while (rows.next()) {
				canonical.put(rows.getObject("id", UUID.class), CanonicalEmail.of(rows.getString("email")));
			}
		}
		try (PreparedStatement update = context.getConnection()
			.prepareStatement("update users set email_canonical = ? where id = ?")) {
			for (Map.Entry<UUID, String> row : canonical.entrySet()) {
				update.setString(1, row.getValue());
				update.setObject(2, row.getKey());
				update.addBatch();
			}
			update.executeBatch();
		}
		try (Statement ddl = context.getConnection().createStatement()) {
			ddl.execute("alter table users alter column email_canonical set not null");
			ddl.execute("create unique index users_email_canonical_key on users (email_canonical)");
			ddl.execute("drop index users_email_lower_key");
		}
	}

}

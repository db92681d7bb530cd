package com.example.platform.cache;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A table of named items in the test database, standing in for a service's rows.
 */
class ItemTable {

	private final JdbcTemplate jdbc;

	ItemTable(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		jdbc.execute("create table if not exists items (id uuid primary key, name text not null)");
	}

	UUID insert(String name) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into items (id, name) values (?, ?)", id, name);
		return id;
	}

	void rename(UUID id, String name) {
		this.jdbc.update("update items set name = ? where id = ?", name, id);
	}

	void delete(UUID id) {
		this.jdbc.update("delete from items where id = ?", id);
	}

	String nameOf(UUID id) {
		return this.jdbc.query("select name from items where id = ?", (rs) -> rs.next() ? rs.getString(1) : null, id);
	}

}

package com.example.platform.infra;

import java.util.List;

/**
 * How one service reaches its own database.
 *
 * @param jdbcUrl the JDBC URL of the database on the primary
 * @param username the database role owning it
 * @param password that role's password
 * @param replicaJdbcUrls the JDBC URLs of the same database on each streaming replica,
 * with the same role and password
 */
public record DatabaseAccess(String jdbcUrl, String username, String password, List<String> replicaJdbcUrls) {

	public DatabaseAccess {
		replicaJdbcUrls = List.copyOf(replicaJdbcUrls);
	}

	/**
	 * Access to a database without replicas.
	 * @param jdbcUrl the JDBC URL of the database
	 * @param username the database role owning it
	 * @param password that role's password
	 */
	public DatabaseAccess(String jdbcUrl, String username, String password) {
		this(jdbcUrl, username, password, List.of());
	}

	@Override
	public String toString() {
		return "DatabaseAccess[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + ", password=****"
				+ ", replicaJdbcUrls=" + this.replicaJdbcUrls + "]";
	}

}

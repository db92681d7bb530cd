package com.example.platform.infra;

/**
 * How one service reaches its own database.
 *
 * @param jdbcUrl the JDBC URL of the database
 * @param username the database role owning it
 * @param password that role's password
 */
public record DatabaseAccess(String jdbcUrl, String username, String password) {

	@Override
	public String toString() {
		return "DatabaseAccess[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + ", password=****]";
	}

}

package com.example.platform.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * After a read-write transaction of an HTTP request commits, reads the primary's WAL
 * insert position on the same connection and hands it to the request as its consistency
 * token. The insert position is at or after the commit record even when commits are
 * asynchronous; at worst it is a little ahead, which only makes a read wait for WAL that
 * another transaction wrote.
 */
class ConsistencyTokenListener implements TransactionExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(ConsistencyTokenListener.class);

	private final DataSource dataSource;

	ConsistencyTokenListener(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterCommit(TransactionExecution transaction, Throwable failure) {
		RequestConsistency request = RequestConsistency.current();
		if (failure != null || request == null || transaction.isReadOnly() || !transaction.isNewTransaction()) {
			return;
		}
		// Still bound: listeners run before the transaction manager releases the
		// connection.
		if (!(TransactionSynchronizationManager.getResource(this.dataSource) instanceof ConnectionHolder holder)) {
			return;
		}
		try {
			Connection connection = holder.getConnection();
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select pg_current_wal_insert_lsn()::text")) {
				result.next();
				request.wrote(Lsn.parse(result.getString(1)));
			}
		}
		catch (SQLException | RuntimeException ex) {
			// The write is committed; without a token the client's next read is
			// eventual.
			log.warn("Committed, but could not read the consistency token: {}", ex.getMessage());
		}
	}

}

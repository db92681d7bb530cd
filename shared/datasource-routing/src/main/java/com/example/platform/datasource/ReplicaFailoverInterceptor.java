package com.example.platform.datasource;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Retries a {@code @Transactional(readOnly = true)} call once when the replica serving it
 * fails (stopped, crashed, restarted): a read-only transaction is safe to repeat, and the
 * routing then picks another replica or the primary, so the client sees no error. Runs
 * outside the transaction interceptor, around the whole transaction.
 */
class ReplicaFailoverInterceptor implements MethodInterceptor {

	// Looked up on first failure: advisors are created before ordinary beans.
	private final Supplier<RoutingMetrics> metrics;

	ReplicaFailoverInterceptor(Supplier<RoutingMetrics> metrics) {
		this.metrics = metrics;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()
				|| !(invocation instanceof ProxyMethodInvocation proxied)) {
			// Joined an outer transaction, whose connection is fixed: nothing to retry.
			return invocation.proceed();
		}
		MethodInvocation retry = proxied.invocableClone();
		ReadDataSource.forgetRouting();
		try {
			return invocation.proceed();
		}
		catch (DataAccessResourceFailureException | TransientDataAccessResourceException ex) {
			ReplicaPool replica = ReadDataSource.routedReplica();
			if (replica == null) {
				throw ex;
			}
			replica.markDown(ex);
			this.metrics.get().failover();
			return retry.proceed();
		}
		finally {
			ReadDataSource.forgetRouting();
		}
	}

	static final class ReadOnlyTransactions extends StaticMethodMatcherPointcut {

		private final TransactionAttributeSource attributes;

		ReadOnlyTransactions(TransactionAttributeSource attributes) {
			this.attributes = attributes;
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			TransactionAttribute attribute = this.attributes.getTransactionAttribute(method, targetClass);
			return attribute != null && attribute.isReadOnly();
		}

	}

}

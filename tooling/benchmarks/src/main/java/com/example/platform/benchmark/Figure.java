package com.example.platform.benchmark;

/**
 * One measured figure of the results table.
 *
 * @param scenario what was measured, e.g. {@code GET user (cache hit), saturated}
 * @param via where the requests went: {@code direct}, {@code nginx}, {@code gateway}
 * @param metric e.g. {@code throughput}
 * @param unit e.g. {@code req/s}
 * @param spread the median and spread over the runs
 */
record Figure(String scenario, String via, String metric, String unit, Spread spread) {

}

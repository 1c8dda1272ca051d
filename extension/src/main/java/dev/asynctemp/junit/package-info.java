/**
 * The JUnit Jupiter side of asynctemp: {@link dev.asynctemp.junit.AsyncTempExtension} injects
 * temporary files and directories into tests and removes them afterwards.
 *
 * @since 0.1.0
 */
package dev.asynctemp.junit;

package de.wegweiser; public class App { public static void main(String[] a){} }

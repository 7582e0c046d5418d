"""Buzón oficial: lectura por IMAP, clasificación y efectos en agenda, banco y contactos."""

"""La línea de comandos `monitoreo` (Typer): la otra cara del sistema."""

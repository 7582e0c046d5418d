"""búsqueda de texto: FTS5 en SQLite; unaccent, función inmutable e índice GIN en PostgreSQL

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 15:00:00

"""

from collections.abc import Sequence

from alembic import op

from datos import busqueda

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Índice de texto de las notas (título y texto) sin acentos y con relevancia."""
    if op.get_bind().dialect.name == "postgresql":
        # unaccent es una extensión «de confianza» (PostgreSQL 13+): basta ser dueño de la base.
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(busqueda.CREAR_SIN_ACENTOS)
        op.execute(busqueda.CREAR_INDICE_PG)
        return
    op.execute(busqueda.CREAR_TABLA_FTS)
    for sentencia in busqueda.CREAR_DISPARADORES_FTS:
        op.execute(sentencia)
    op.execute(busqueda.RECONSTRUIR_FTS)


def downgrade() -> None:
    """Quita el índice de texto (la extensión unaccent se queda: otros pueden usarla)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_nota_busqueda")
        op.execute("DROP FUNCTION IF EXISTS monitoreo_sin_acentos(text)")
        return
    for disparador in busqueda.DISPARADORES_FTS:
        op.execute(f"DROP TRIGGER IF EXISTS {disparador}")
    op.execute(f"DROP TABLE IF EXISTS {busqueda.TABLA_FTS}")

"""ix_nota_fecha_tono sólo con notas fechadas: el periodo de las notas sin fecha usa su índice

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-03 17:30:00

SQLite estima una sola fila para `fecha_publicacion IS NULL` en un índice cuya primera columna
es casi única, y resolvía la rama «sin fecha, capturada en el periodo» recorriendo todas las
notas sin fecha del historial. Con el índice parcial (`IS NOT NULL`) esa rama sólo puede usar
`ix_nota_sin_fecha_captura`; los rangos de fecha siguen usando éste (un rango implica NOT NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNAS = ["fecha_publicacion", "tono", "tono_confirmado", "tono_puntaje", "medio_id"]
CON_FECHA = sa.text("fecha_publicacion IS NOT NULL")


def upgrade() -> None:
    """Rehace el índice como parcial: sólo notas con fecha de publicación."""
    op.drop_index("ix_nota_fecha_tono", table_name="nota")
    op.create_index(
        "ix_nota_fecha_tono",
        "nota",
        COLUMNAS,
        unique=False,
        sqlite_where=CON_FECHA,
        postgresql_where=CON_FECHA,
    )


def downgrade() -> None:
    """El índice completo de antes."""
    op.drop_index("ix_nota_fecha_tono", table_name="nota")
    op.create_index("ix_nota_fecha_tono", "nota", COLUMNAS, unique=False)

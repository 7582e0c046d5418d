"""captura de pantalla como prueba de entrega de un banner (URL y PNG en el almacén de testigos)

Revision ID: 0014
Revises: 0015
Create Date: 2026-12-03 17:35:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNAS = ("url", "captura_ruta", "captura_sha256", "captura_tamano")


def upgrade() -> None:
    """Columnas opcionales de la entrega: sólo las llenan los banners capturados."""
    op.add_column("entrega", sa.Column("url", sa.String(), nullable=True))
    op.add_column("entrega", sa.Column("captura_ruta", sa.String(), nullable=True))
    op.add_column("entrega", sa.Column("captura_sha256", sa.String(), nullable=True))
    op.add_column("entrega", sa.Column("captura_tamano", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Quita las columnas (los PNG se quedan en el almacén de testigos)."""
    with op.batch_alter_table("entrega") as lote:
        for columna in reversed(COLUMNAS):
            lote.drop_column(columna)

<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis styleCategories="Fields|Forms" version="3.22.16-Białowieża">
  <fieldConfiguration>
    <field configurationFlags="None" name="id">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="part_code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="taken_at">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="QString" value="yyyy-MM-dd HH:mm" name="display_format"/>
            <Option type="bool" value="true" name="field_iso_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="actor">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="mime">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="bytes">
      <editWidget type="Binary">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="thumbnail">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="note">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias field="id" name="" index="0"/>
    <alias field="part_code" name="" index="1"/>
    <alias field="taken_at" name="" index="2"/>
    <alias field="actor" name="" index="3"/>
    <alias field="mime" name="" index="4"/>
    <alias field="bytes" name="" index="5"/>
    <alias field="thumbnail" name="" index="6"/>
    <alias field="note" name="" index="7"/>
  </aliases>
  <defaults>
    <default expression="" field="id" applyOnUpdate="0"/>
    <default expression="" field="part_code" applyOnUpdate="0"/>
    <default expression="" field="taken_at" applyOnUpdate="0"/>
    <default expression="" field="actor" applyOnUpdate="0"/>
    <default expression="" field="mime" applyOnUpdate="0"/>
    <default expression="" field="bytes" applyOnUpdate="0"/>
    <default expression="" field="thumbnail" applyOnUpdate="0"/>
    <default expression="" field="note" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint unique_strength="0" exp_strength="0" field="id" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="part_code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="taken_at" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="actor" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="mime" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="bytes" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="thumbnail" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="note" constraints="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint exp="" desc="" field="id"/>
    <constraint exp="" desc="" field="part_code"/>
    <constraint exp="" desc="" field="taken_at"/>
    <constraint exp="" desc="" field="actor"/>
    <constraint exp="" desc="" field="mime"/>
    <constraint exp="" desc="" field="bytes"/>
    <constraint exp="" desc="" field="thumbnail"/>
    <constraint exp="" desc="" field="note"/>
  </constraintExpressions>
  <expressionfields/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>tablayout</editorlayout>
  <attributeEditorForm>
    <attributeEditorHtmlElement showLabel="0" name="Photo">&lt;div style="text-align:center">&lt;script>var b = expression.evaluate('to_base64(coalesce("thumbnail", "bytes"))');var m = expression.evaluate('coalesce("mime", \'image/jpeg\')');if (b) { document.write('&lt;img style="max-width:100%;max-height:320px" src="data:' + m + ';base64,' + b + '">'); }&lt;/script>&lt;/div></attributeEditorHtmlElement>
    <attributeEditorField showLabel="1" name="note" index="7"/>
    <attributeEditorField showLabel="1" name="taken_at" index="2"/>
    <attributeEditorField showLabel="1" name="actor" index="3"/>
    <attributeEditorField showLabel="1" name="bytes" index="5"/>
  </attributeEditorForm>
  <editable>
    <field name="actor" editable="0"/>
    <field name="id" editable="0"/>
    <field name="mime" editable="0"/>
    <field name="part_code" editable="0"/>
    <field name="taken_at" editable="0"/>
    <field name="thumbnail" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>4</layerGeometryType>
</qgis>
